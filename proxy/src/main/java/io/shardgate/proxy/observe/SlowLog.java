package io.shardgate.proxy.observe;

import io.shardgate.proxy.session.Session;
import io.shardgate.router.plan.Broadcast;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Route;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Statements slower than {@code proxy.slow-query-ms} go to the {@code shardgate.slow} logger, which the shipped
 * logback.xml writes to a rolling file of its own. A line holds who ran it, where, the normalized shape (literals
 * replaced by {@code ?}: no value a client sent, so no password, ever reaches the file), a plan summary without SQL,
 * the time and the rows sent.
 */
final class SlowLog {

    static final Logger LOG = LoggerFactory.getLogger("shardgate.slow");

    private final LongSupplier thresholdMillis;

    /** @param thresholdMillis the live {@code proxy.slow-query-ms} (0 logs every statement) */
    SlowLog(LongSupplier thresholdMillis) {
        this.thresholdMillis = thresholdMillis;
    }

    void maybeLog(Session session, String shape, Plan plan, long nanos, boolean failed, long rows) {
        long millis = nanos / 1_000_000;
        if (millis < thresholdMillis.getAsLong() || !LOG.isInfoEnabled()) {
            return;
        }
        LOG.info("{} ms user={} schema={} rows={} {}plan=[{}] {}", millis, session.user(), session.schema(), rows,
                failed ? "error " : "", summary(plan), shape == null ? "(unparsed)" : shape);
    }

    /** What ran, without SQL: kind, shard count and nodes. */
    static String summary(Plan plan) {
        return switch (plan) {
            case null -> "not planned";
            case Route r -> "Route " + r.node() + (r.primaryRequired() ? " primary" : " any");
            case ReadPlan tree -> tree.getClass().getSimpleName() + " over " + tree.routes().size() + " shards on "
                    + nodes(tree.routes());
            case Broadcast b -> "Broadcast " + b.routes().size() + " shards on " + nodes(b.routes());
            default -> plan.getClass().getSimpleName();
        };
    }

    private static String nodes(List<Route> routes) {
        Set<String> nodes = new LinkedHashSet<>();
        routes.forEach(r -> nodes.add(r.node()));
        return String.join(",", nodes);
    }
}
