package io.shardgate.proxy.observe;

import io.shardgate.proxy.digest.Digests;
import io.shardgate.proxy.metrics.ProxyMetrics;
import io.shardgate.proxy.metrics.StatementKind;
import io.shardgate.proxy.session.Session;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.ReadPlan;
import java.util.function.LongSupplier;

/**
 * The proxy's {@link StatementObserver}: each statement goes to the query metrics, the digest table and, when slow,
 * the slow log. Everything it does per statement is a classification by the shape's first word, a histogram update
 * and a digest update (one map lookup, one uncontended lock); the slow log formats only the slow ones.
 */
public final class StatementRecorder implements StatementObserver {

    private final ProxyMetrics metrics;
    private final Digests digests;
    private final SlowLog slowLog;

    /** @param slowQueryMillis the live {@code proxy.slow-query-ms} */
    public StatementRecorder(ProxyMetrics metrics, Digests digests, LongSupplier slowQueryMillis) {
        this.metrics = metrics;
        this.digests = digests;
        this.slowLog = new SlowLog(slowQueryMillis);
    }

    @Override
    public void completed(Session session, String shape, Plan plan, long nanos, boolean failed, long rows) {
        StatementKind kind = StatementKind.of(shape);
        metrics.query(kind, failed, nanos);
        if (plan instanceof ReadPlan tree) {
            metrics.scatter(tree.routes().size(), rows);
        }
        if (shape != null) {
            digests.record(session.schema(), shape, nanos, failed, rows);
        }
        slowLog.maybeLog(session, shape, plan, nanos, failed, rows);
    }
}
