package io.shardgate.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.shardgate.proxy.xa.TransactionEvents;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The proxy's meters, in Micrometer's Prometheus registry, which writes the exposition format for {@code /metrics}.
 * Statement meters are looked up once, here, and kept in arrays, so recording a statement on an event loop is a few
 * atomic adds and no registry lookup; backend meters are read from the pools when scraped ({@link BackendMeters}).
 *
 * <p>Names follow Micrometer's dotted style and come out in Prometheus' style: {@code shardgate.queries} is the
 * histogram {@code shardgate_queries_seconds}, counters end in {@code _total}.
 */
public final class ProxyMetrics {

    /** Histogram buckets of statement latency: from a cached point read to a long report. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer[][] queries = new Timer[StatementKind.values().length][2];
    private final DistributionSummary fanOut;
    private final Counter rowsMerged;
    /** By mode and outcome ({@link TransactionEvents}). */
    private final Counter[][] transactions = new Counter[TransactionEvents.Mode.values().length][TransactionEvents.Outcome.values().length];
    private final Counter recoveredCommitted;
    private final Counter recoveredRolledBack;
    private final Counter clientsOpened;
    private final Map<String, Counter> clientsRejected = new ConcurrentHashMap<>();
    private final BackendMeters backends;
    /** Function counters hold their state weakly: these keep the suppliers alive as long as the meters. */
    private final LongSupplier planCacheHits;
    private final LongSupplier planCacheMisses;

    /**
     * @param backends the servers and their pools, read at each scrape
     * @param clients logged-in client connections now
     * @param loggingIn connections still logging in
     * @param planCacheHits plan-cache lookups that found a plan, since start
     * @param planCacheMisses plan-cache lookups that compiled one, since start
     */
    public ProxyMetrics(BackendMeters backends, IntSupplier clients, IntSupplier loggingIn, LongSupplier planCacheHits,
                        LongSupplier planCacheMisses) {
        this.backends = backends;
        this.planCacheHits = planCacheHits;
        this.planCacheMisses = planCacheMisses;
        for (StatementKind type : StatementKind.values()) {
            for (int failed = 0; failed < 2; failed++) {
                queries[type.ordinal()][failed] = Timer.builder("shardgate.queries")
                        .description("client statements by type and outcome, from the first byte in to the last out")
                        .tags("type", type.label(), "outcome", failed == 1 ? "error" : "ok")
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .register(registry);
            }
        }
        fanOut = DistributionSummary.builder("shardgate.scatter.shards")
                .description("shards a cross-shard read went to").serviceLevelObjectives(2, 4, 8, 16, 32, 64, 128)
                .register(registry);
        rowsMerged = Counter.builder("shardgate.scatter.rows")
                .description("rows cross-shard reads sent to clients after merging").register(registry);
        for (TransactionEvents.Mode mode : TransactionEvents.Mode.values()) {
            for (TransactionEvents.Outcome outcome : TransactionEvents.Outcome.values()) {
                transactions[mode.ordinal()][outcome.ordinal()] = Counter.builder("shardgate.transactions")
                        .tags("mode", mode.label(), "outcome", outcome.label())
                        .description("transactions ended, explicit or a statement's own: how they committed (one-node, "
                                + "xa, best-effort) and how they ended (commit, rollback, failed)")
                        .register(registry);
            }
        }
        recoveredCommitted = Counter.builder("shardgate.xa.recovered").tag("outcome", "commit")
                .description("prepared XA branches settled by recovery").register(registry);
        recoveredRolledBack = Counter.builder("shardgate.xa.recovered").tag("outcome", "rollback")
                .description("prepared XA branches settled by recovery").register(registry);
        clientsOpened = Counter.builder("shardgate.client.connections.opened")
                .description("client logins that succeeded").register(registry);
        Gauge.builder("shardgate.client.connections", clients, IntSupplier::getAsInt).strongReference(true)
                .description("logged-in client connections").register(registry);
        Gauge.builder("shardgate.client.handshakes", loggingIn, IntSupplier::getAsInt).strongReference(true)
                .description("client connections still logging in").register(registry);
        FunctionCounter.builder("shardgate.plan.cache.hits", planCacheHits, LongSupplier::getAsLong)
                .description("statements planned from the plan cache").register(registry);
        FunctionCounter.builder("shardgate.plan.cache.misses", planCacheMisses, LongSupplier::getAsLong)
                .description("statements parsed and compiled").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** A gauge read at each scrape, such as cluster mode's ZooKeeper state (registered once, when that starts). */
    public void gauge(String name, String description, java.util.function.DoubleSupplier value) {
        Gauge.builder(name, value, java.util.function.DoubleSupplier::getAsDouble).strongReference(true)
                .description(description).register(registry);
    }

    /** One client statement ended. Called on the statement path: an array lookup and a histogram update. */
    public void query(StatementKind type, boolean failed, long nanos) {
        queries[type.ordinal()][failed ? 1 : 0].record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A cross-shard read over {@code shards} shards sent {@code rows} rows. */
    public void scatter(int shards, long rows) {
        fanOut.record(shards);
        if (rows > 0) {
            rowsMerged.increment(rows);
        }
    }

    /** What transactions and XA recovery report, counted here. */
    public TransactionEvents transactionEvents() {
        return new TransactionEvents() {
            @Override
            public void transactionEnded(Mode mode, Outcome outcome) {
                transactions[mode.ordinal()][outcome.ordinal()].increment();
            }

            @Override
            public void branchesRecovered(boolean committed, int branches) {
                (committed ? recoveredCommitted : recoveredRolledBack).increment(branches);
            }
        };
    }

    public void clientOpened() {
        clientsOpened.increment();
    }

    /** A client connection refused, before or at login, with this MySQL error code. */
    public void clientRejected(int errorCode) {
        String reason = RejectReasons.of(errorCode);
        clientsRejected.computeIfAbsent(reason, r -> Counter.builder("shardgate.client.connections.rejected")
                .description("client connections refused, by reason").tag("reason", r).register(registry))
                .increment();
    }

    /** The Prometheus text exposition of every meter, backends read now. */
    public String scrape() {
        backends.sync(registry);
        return registry.scrape();
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A pool's acquire waits, as a timer of its own (count and total time, read from the pool's counters). */
    static <T> FunctionTimer acquireTimer(MeterRegistry registry, Tags tags, T state,
                                          java.util.function.ToLongFunction<T> count,
                                          java.util.function.ToDoubleFunction<T> totalNanos) {
        return FunctionTimer.builder("shardgate.pool.acquire", state, count, totalNanos, TimeUnit.NANOSECONDS)
                .description("waits for a backend connection").tags(tags).register(registry);
    }
}
