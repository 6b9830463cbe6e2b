package io.shardgate.bench;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.router.Router;
import io.shardgate.router.SessionView;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.sql.NormalizedSql;
import io.shardgate.router.sql.Normalizer;
import io.shardgate.router.strategy.LookupStoreFactory;
import io.shardgate.router.strategy.ShardStrategies;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The planner's per-statement cost on the cached path: normalizing the text, then finding the compiled
 * template and binding it (evaluating the shard key, concatenating the physical SQL). The goal is a cached
 * point select under 2 µs. {@code compileMiss} is the cost of a cache miss (JSqlParser plus compilation).
 *
 * <pre>
 * ./mvnw -B -q -Pbench -pl bench/jmh -am package -DskipTests
 * java -jar bench/jmh/target/benchmarks.jar RouterBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterBenchmark {

    private static final String CONFIG = """
            proxy: {listen: 127.0.0.1:3307, users: [{user: app, password: app}]}
            nodes:
              - {name: ds0, primary: 127.0.0.1:13306, user: u, password: p}
              - {name: ds1, primary: 127.0.0.1:13307, user: u, password: p}
            schemas:
              - name: shop
                default-node: ds0
                tables:
                  - name: orders
                    shard-key: user_id
                    strategy: hash-mod
                    nodes: [ds0, ds1]
                    locations: [4, 4]
                    key-generator: {column: order_id, type: snowflake}
            """;

    private final SessionView session = SessionView.of("shop", false);
    private Router router;
    private String[] points;
    private String[] inLists;
    private String[] inserts;
    private int next;
    private long misses;

    @Setup
    public void setup() {
        ShardgateConfig config = ConfigLoader.parse(CONFIG, "bench");
        AtomicLong ids = new AtomicLong();
        router = new Router(config, t -> ShardStrategies.create(t, config.timeZone(), LookupStoreFactory.NONE),
                ids::incrementAndGet);
        points = new String[1024];
        inLists = new String[1024];
        inserts = new String[1024];
        for (int i = 0; i < points.length; i++) {
            long u = i * 7919L;
            points[i] = "SELECT id, user_id, amount, status FROM orders WHERE user_id = " + u;
            inLists[i] = "SELECT id, amount FROM orders WHERE user_id IN (" + u + ", " + (u + 1) + ", " + (u + 2) + ")";
            inserts[i] = "INSERT INTO orders (user_id, amount, status) VALUES (" + u + ", 10.5, 'new'), (" + (u + 1)
                    + ", 3, 'new')";
        }
        router.route(points[0], session);
        router.route(inLists[0], session);
        router.route(inserts[0], session);
    }

    private int index() {
        next = (next + 1) & 1023;
        return next;
    }

    @Benchmark
    public NormalizedSql normalizeOnly() {
        return Normalizer.normalize(points[index()]);
    }

    @Benchmark
    public Plan routePointSelect() {
        return router.route(points[index()], session);
    }

    @Benchmark
    public Plan routeInListScatter() {
        return router.route(inLists[index()], session);
    }

    @Benchmark
    public Plan routeTwoRowInsert() {
        return router.route(inserts[index()], session);
    }

    @Benchmark
    public Plan compileMiss() {
        // a new alias makes a new shape: every call parses and compiles (the cache evicts beyond its size)
        return router.route("SELECT id AS a" + (misses++) + ", amount FROM orders WHERE user_id = 7", session);
    }
}
