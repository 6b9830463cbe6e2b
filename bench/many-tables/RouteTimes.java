import io.shardgate.config.ConfigLoader;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.router.Router;
import io.shardgate.router.SessionView;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.strategy.LookupStoreFactory;
import io.shardgate.router.strategy.ShardStrategies;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Planning cost with a large schema, in one fresh JVM (run with the proxy jar on the class path:
 * {@code java -cp shardgate.jar RouteTimes.java CONFIG SCHEMA TABLES}): config load, router construction, the
 * very first route (cold: class loading, JIT), an uncached route (a statement shape the plan cache has not
 * seen: each logical table's first point select, after the first 20 tables warmed the JIT) and a cached route
 * (the same shapes again with other literals). Prints {@code key=value} lines; times in microseconds.
 */
public final class RouteTimes {

    public static void main(String[] args) {
        Path config = Path.of(args[0]);
        String schema = args[1];
        int tables = Integer.parseInt(args[2]);
        long t0 = System.nanoTime();
        ShardgateConfig cfg = ConfigLoader.load(config);
        long t1 = System.nanoTime();
        AtomicLong ids = new AtomicLong();
        Router router = new Router(cfg, t -> ShardStrategies.create(t, cfg.timeZone(), LookupStoreFactory.NONE),
                ids::incrementAndGet);
        long t2 = System.nanoTime();
        SessionView session = SessionView.of(schema, false);
        long[] uncached = new long[tables];
        Plan first = null;
        for (int i = 0; i < tables; i++) {
            String sql = "SELECT id, k, c FROM t" + i + " WHERE id = " + (i * 7919 + 1);
            long s = System.nanoTime();
            Plan p = router.route(sql, session);
            uncached[i] = System.nanoTime() - s;
            if (i == 0) {
                first = p;
            }
        }
        int rounds = 200;
        long[] cached = new long[tables * rounds];
        int n = 0;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < tables; i++) {
                String sql = "SELECT id, k, c FROM t" + i + " WHERE id = " + (r * 104729L + i);
                long s = System.nanoTime();
                router.route(sql, session);
                cached[n++] = System.nanoTime() - s;
            }
        }
        // the uncached median leaves out the first 20 tables (cold JIT), the cached one the first 20 rounds
        long[] warmUncached = Arrays.copyOfRange(uncached, Math.min(20, tables - 1), tables);
        long[] warmCached = Arrays.copyOfRange(cached, Math.min(20, rounds - 1) * tables, n);
        Arrays.sort(warmUncached);
        Arrays.sort(warmCached);
        System.out.printf("config_load_ms=%.1f%n", (t1 - t0) / 1e6);
        System.out.printf("router_build_ms=%.1f%n", (t2 - t1) / 1e6);
        System.out.printf("first_route_us=%.0f%n", uncached[0] / 1e3);
        System.out.printf("uncached_route_median_us=%.1f%n", warmUncached[warmUncached.length / 2] / 1e3);
        System.out.printf("uncached_route_p99_us=%.1f%n", warmUncached[(int) (warmUncached.length * 0.99)] / 1e3);
        System.out.printf("cached_route_median_us=%.2f%n", warmCached[warmCached.length / 2] / 1e3);
        System.out.printf("cached_route_p99_us=%.2f%n", warmCached[(int) (warmCached.length * 0.99)] / 1e3);
        System.out.println("plan_t0=" + first.describe().strip().replace('\n', ' '));
    }
}
