package io.shardgate.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Route;
import io.shardgate.router.plan.KeepColumns;
import io.shardgate.router.plan.Limit;
import io.shardgate.router.sql.Normalizer;
import io.shardgate.router.strategy.InMemoryLookupStore;
import io.shardgate.router.strategy.ShardStrategies;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LimitParametersTest {

    private static final SessionView SHOP = SessionView.of("shop", false);

    private static Router router() throws Exception {
        try (var in = LimitParametersTest.class.getResourceAsStream("/planner/sharding.yaml")) {
            ShardgateConfig config = ConfigLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "t");
            AtomicLong ids = new AtomicLong(1);
            return new Router(config, t -> ShardStrategies.create(t, config.timeZone(), l -> new InMemoryLookupStore()),
                    ids::getAndIncrement);
        }
    }

    private static boolean[] of(String sql) {
        return LimitParameters.of(Normalizer.normalize(sql));
    }

    @Test
    void findsTheParametersOfLimitAndOffset() {
        assertThat(of("SELECT * FROM t WHERE a = ? LIMIT ?")).containsExactly(false, true);
        assertThat(of("SELECT * FROM t WHERE a = ? LIMIT ?, ?")).containsExactly(false, true, true);
        assertThat(of("SELECT * FROM t WHERE a = ? LIMIT ? OFFSET ?")).containsExactly(false, true, true);
        assertThat(of("SELECT * FROM t WHERE a = ? AND b = 'x' LIMIT 5 OFFSET ?")).containsExactly(false, true);
        assertThat(of("SELECT * FROM t WHERE a IN (SELECT b FROM u LIMIT ?) AND c = ?")).containsExactly(true, false);
        assertThat(of("SELECT * FROM t WHERE a = ? LIMIT 10")).isNull();
        assertThat(of("SELECT * FROM t WHERE a = ?")).isNull();
        assertThat(of("SELECT * FROM t LIMIT 10")).isNull();
    }

    @Test
    void integralValuesAreAcceptedAsMariaDbDoes() {
        assertThat(LimitParameters.integral(2.0)).isEqualTo(2L);
        assertThat(LimitParameters.integral(0.0)).isEqualTo(0L);
        assertThat(LimitParameters.integral("3")).isEqualTo(3L);
        assertThat(LimitParameters.integral(" +3 ")).isEqualTo(3L);
        assertThat(LimitParameters.integral("3.00")).isEqualTo(3L);
        assertThat(LimitParameters.integral(new BigDecimal("4.0"))).isEqualTo(4L);
        assertThat(LimitParameters.integral(7L)).isEqualTo(7L);
        assertThat(LimitParameters.integral("18446744073709551615")).isEqualTo(new BigInteger("18446744073709551615"));
    }

    @Test
    void everythingElseIsRefused() {
        for (Object bad : Arrays.asList(2.5, -1.0, -1L, "abc", "", "2.5", "-1", "1e1", null, Double.NaN,
                Double.POSITIVE_INFINITY, "18446744073709551616", new byte[] {1})) {
            assertThat(LimitParameters.integral(bad)).as(String.valueOf(bad)).isNull();
        }
        Reject r = LimitParameters.refusal("abc");
        assertThat(r.code()).isEqualTo(1210);
        assertThat(r.sqlState()).isEqualTo("HY000");
        assertThat(r.message()).isEqualTo("Incorrect arguments to mysqld_stmt_execute: LIMIT and OFFSET take a "
                + "non-negative integer, got 'abc'");
    }

    @Test
    void oneShardGetsTheIntegerItCanParse() throws Exception {
        Router router = router();
        Router.Prepared p = router.prepare("SELECT * FROM orders WHERE user_id = ? ORDER BY order_id LIMIT ? OFFSET ?",
                SHOP);
        Plan plan = router.execute(p, List.of(5L, 2.0, "1"), SHOP);
        assertThat(((Route) plan).sql()).endsWith("ORDER BY order_id LIMIT 2 OFFSET 1");
    }

    @Test
    void acrossShardsTheMergeGetsIt() throws Exception {
        Router router = router();
        Router.Prepared p = router.prepare("SELECT * FROM orders ORDER BY order_id LIMIT ?, ?", SHOP);
        Plan plan = router.execute(p, List.of(" 1", 3.0), SHOP);
        // SELECT * ORDER BY order_id: order_id is appended as a hidden column, cut off above the Limit
        assertThat(plan).isInstanceOfSatisfying(KeepColumns.class, k -> assertThat(k.input())
                .isInstanceOfSatisfying(Limit.class, l -> {
                    assertThat(l.offset()).isEqualTo(1);
                    assertThat(l.count()).isEqualTo(3L);
                }));
        assertThat(plan.describe()).contains("LIMIT 4").doesNotContain("4.0").contains("Limit offset 1, count 3\n");
    }

    @Test
    void badValuesAreOneClearErrorOnOneShardAndAcross() throws Exception {
        Router router = router();
        Router.Prepared one = router.prepare("SELECT * FROM orders WHERE user_id = ? LIMIT ?", SHOP);
        Router.Prepared across = router.prepare("SELECT * FROM orders ORDER BY order_id LIMIT ?", SHOP);
        for (Object bad : Arrays.asList(2.5, -1.0, "abc")) {
            for (Plan plan : List.of(router.execute(one, List.of(5L, bad), SHOP),
                    router.execute(across, Arrays.asList(bad), SHOP))) {
                assertThat(plan).isInstanceOfSatisfying(Reject.class, r -> {
                    assertThat(r.code()).isEqualTo(1210);
                    assertThat(r.message()).startsWith("Incorrect arguments to mysqld_stmt_execute").doesNotContain("java");
                });
            }
        }
    }
}
