package io.shardgate.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ShardgateConfig;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Route;
import io.shardgate.router.strategy.InMemoryLookupStore;
import io.shardgate.router.strategy.ShardStrategies;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static final SessionView SHOP = SessionView.of("shop", false);

    private static ShardgateConfig config() throws Exception {
        try (var in = RouterTest.class.getResourceAsStream("/planner/sharding.yaml")) {
            return io.shardgate.config.ConfigLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "test");
        }
    }

    private static Router router() throws Exception {
        ShardgateConfig config = config();
        AtomicLong ids = new AtomicLong(1);
        return new Router(config, t -> ShardStrategies.create(t, config.timeZone(), l -> new InMemoryLookupStore()),
                ids::getAndIncrement);
    }

    private static String physicalTable(Plan plan) {
        String sql = ((Route) plan).sql();
        int at = sql.indexOf("orders_");
        return sql.substring(at, at + 11);
    }

    @Test
    void theCachedPathDoesNotParse() throws Exception {
        Router router = router();
        router.route("SELECT * FROM orders WHERE user_id = 1", SHOP);
        assertThat(router.parseCount()).isEqualTo(1);
        for (long user = 0; user < 200; user++) {
            Plan plan = router.route("SELECT * FROM orders WHERE user_id = " + user, SHOP);
            assertThat(physicalTable(plan)).isEqualTo(String.format("orders_%04d", user % 4));
            assertThat(((Route) plan).sql()).endsWith("WHERE user_id = " + user);
        }
        // comments, whitespace and hints do not make a new shape either
        router.route("/* trace 42 */ SELECT  *  FROM orders\n WHERE user_id = 'x' -- t", SHOP);
        assertThat(router.parseCount()).isEqualTo(1);
        assertThat(router.cachedPlans()).isEqualTo(1);

        router.route("SELECT id FROM orders WHERE user_id = 1", SHOP);
        assertThat(router.parseCount()).isEqualTo(2);
    }

    @Test
    void theSchemaIsPartOfTheCacheKey() throws Exception {
        Router router = router();
        Plan sharded = router.route("SELECT * FROM orders WHERE user_id = 1", SHOP);
        Plan elsewhere = router.route("SELECT * FROM orders WHERE user_id = 1", SessionView.of("crm", false));
        assertThat(((Route) sharded).sql()).contains("orders_0001");
        assertThat(elsewhere).isEqualTo(new Route("ds2", "SELECT * FROM orders WHERE user_id = 1", false));
        assertThat(router.parseCount()).isEqualTo(2);
    }

    @Test
    void preparedStatementsCompileAtPrepareAndBindAtExecute() throws Exception {
        Router router = router();
        Router.Prepared p = router.prepare("SELECT * FROM orders WHERE user_id = ? AND status = 'x'", SHOP);
        assertThat(p.parameterCount()).isEqualTo(1);
        long parses = router.parseCount();
        assertThat(parses).isEqualTo(1);
        for (long user = 0; user < 50; user++) {
            Plan plan = router.execute(p, List.of(user), SHOP);
            assertThat(physicalTable(plan)).isEqualTo(String.format("orders_%04d", user % 4));
        }
        assertThat(router.parseCount()).isEqualTo(parses);
        // a text query of the same shape shares the compiled plan
        router.route("SELECT * FROM orders WHERE user_id = 3 AND status = 'y'", SHOP);
        assertThat(router.parseCount()).isEqualTo(parses);
        // the handle survives a router rebuilt on reload
        Router reloaded = router();
        assertThat(physicalTable(reloaded.execute(p, List.of(6L), SHOP))).isEqualTo("orders_0002");
    }

    @Test
    void wrongParameterCountIsAnError() throws Exception {
        Router router = router();
        Router.Prepared p = router.prepare("SELECT * FROM orders WHERE user_id = ?", SHOP);
        assertThat(router.execute(p, List.of(), SHOP).describe()).startsWith("Reject 1210");
    }

    @Test
    void concurrentRoutingGivesEveryThreadItsOwnAnswer() throws Exception {
        Router router = router();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Callable<Integer> task = () -> {
                    int checked = 0;
                    for (int i = 0; i < 2_000; i++) {
                        long a = ThreadLocalRandom.current().nextLong(1_000_000);
                        long b = ThreadLocalRandom.current().nextLong(1_000_000);
                        Plan plan = router.route("SELECT id FROM orders WHERE user_id IN (" + a + ", " + b + ")", SHOP);
                        List<Route> routes = plan instanceof ReadPlan s ? s.routes() : List.of((Route) plan);
                        for (Route r : routes) {
                            String table = r.sql().substring(r.sql().indexOf("orders_"), r.sql().indexOf("orders_") + 11);
                            long shard = Long.parseLong(table.substring(7));
                            String list = r.sql().substring(r.sql().indexOf('(') + 1, r.sql().indexOf(')'));
                            for (String v : list.split(", ")) {
                                assertThat(Long.parseLong(v) % 4).isEqualTo(shard);
                            }
                        }
                        checked++;
                    }
                    return checked;
                };
                results.add(pool.submit(task));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(2_000);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(router.parseCount()).isEqualTo(1);
    }

    @Test
    void anOfflineRouterPlansWithSnowflakeIdsAndNoBackends() throws Exception {
        Router router = Router.offline(config());
        Plan plan = router.route("INSERT INTO orders (user_id, amount) VALUES (5, 1)", SHOP);
        io.shardgate.router.plan.GeneratedKeys keys = (io.shardgate.router.plan.GeneratedKeys) plan;
        assertThat(keys.firstId()).isPositive();
        assertThat(((Route) keys.input()).sql()).endsWith("VALUES (5, 1, " + keys.firstId() + ")");
        assertThat(router.route("SELECT * FROM profiles WHERE email = 'a@b'", SHOP).describe()).startsWith("Empty");
    }
}
