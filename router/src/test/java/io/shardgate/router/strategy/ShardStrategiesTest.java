package io.shardgate.router.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.config.StrategyParams;
import io.shardgate.config.StrategyParams.Period;
import io.shardgate.config.StrategyParams.TimeUnit;
import io.shardgate.config.StrategyType;
import io.shardgate.config.TableConfig;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardStrategiesTest {

    private static TableConfig table(StrategyType type, List<Integer> locations, StrategyParams params) {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < locations.size(); i++) {
            nodes.add("ds" + i);
        }
        return new TableConfig("t", "k", type, nodes, locations, null, false, null, params);
    }

    private static ShardStrategy create(TableConfig t) {
        return ShardStrategies.create(t, ZoneOffset.UTC, LookupStoreFactory.NONE);
    }

    @Test
    void buildsEachStrategyWithTheTablesShardCount() {
        assertThat(create(table(StrategyType.HASH_MOD, List.of(4, 4), new StrategyParams.None())))
                .isInstanceOf(HashModStrategy.class).extracting(ShardStrategy::shardCount).isEqualTo(8);
        assertThat(create(table(StrategyType.RANGE, List.of(2, 2), new StrategyParams.Range(1000L, null))))
                .isInstanceOf(RangeStrategy.class).extracting(s -> s.shardOf(3999L)).isEqualTo(3);
        assertThat(create(table(StrategyType.REGION, List.of(1, 1), new StrategyParams.Region(Map.of("n", 1), 0))))
                .isInstanceOf(RegionStrategy.class).extracting(s -> s.shardOf("N")).isEqualTo(1);
        assertThat(create(table(StrategyType.CONSISTENT_HASH, List.of(3), new StrategyParams.ConsistentHash(50))))
                .isInstanceOf(ConsistentHashStrategy.class).extracting(ShardStrategy::shardCount).isEqualTo(3);
        StrategyParams.Time time = new StrategyParams.Time(TimeUnit.MONTH,
                List.of(Period.ofMonths(YearMonth.of(2024, 1), YearMonth.of(2024, 6))));
        assertThat(create(table(StrategyType.TIME, List.of(6), time)))
                .isInstanceOf(TimeStrategy.class).extracting(s -> s.shardOf("2024-06-30")).isEqualTo(5);
        assertThat(create(table(StrategyType.TIME, List.of(), time)).shardCount()).isEqualTo(6);
    }

    @Test
    void lookupOpensItsStoreAndAllocatesWithTheConfiguredStrategy() {
        InMemoryLookupStore store = new InMemoryLookupStore();
        List<StrategyParams.Lookup> opened = new ArrayList<>();
        StrategyParams.Lookup params = new StrategyParams.Lookup("ds0", "t_locator", StrategyType.CONSISTENT_HASH, 100);
        ShardStrategy s = ShardStrategies.create(table(StrategyType.LOOKUP, List.of(2, 2), params), ZoneOffset.UTC,
                p -> {
                    opened.add(p);
                    return store;
                });
        assertThat(opened).containsExactly(params);
        assertThat(s).isInstanceOf(LookupStrategy.class);
        int shard = s.shardOf("k1");
        assertThat(shard).isEqualTo(new ConsistentHashStrategy(4, ShardStrategies.LOOKUP_ALLOCATOR_VIRTUAL_NODES).shardOf("k1"));
        assertThat(store.find("k1")).hasValue(shard);
    }

    @Test
    void explainsMisfits() {
        assertThatThrownBy(() -> create(table(StrategyType.RANGE, List.of(2), new StrategyParams.None())))
                .hasMessage("table t: strategy range needs Range params, got None[]");
        assertThatThrownBy(() -> create(new TableConfig("c", null, null, List.of("ds0"), List.of(), null, true, null,
                new StrategyParams.None()))).hasMessageContaining("is broadcast");
        StrategyParams.Time time = new StrategyParams.Time(TimeUnit.MONTH,
                List.of(Period.ofMonths(YearMonth.of(2024, 1), YearMonth.of(2024, 6))));
        assertThatThrownBy(() -> create(table(StrategyType.TIME, List.of(5), time)))
                .hasMessage("table t: strategy time has 6 shards but locations [5] give 5");
        assertThatThrownBy(() -> create(table(StrategyType.LOOKUP, List.of(2),
                new StrategyParams.Lookup("ds0", "loc", StrategyType.HASH_MOD, 10))))
                .hasMessageContaining("no lookup store available for locator table loc on node ds0");
    }
}
