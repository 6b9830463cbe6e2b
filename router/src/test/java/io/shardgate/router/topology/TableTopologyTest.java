package io.shardgate.router.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.config.StrategyParams;
import io.shardgate.config.StrategyParams.Period;
import io.shardgate.config.StrategyParams.TimeUnit;
import io.shardgate.config.StrategyType;
import io.shardgate.config.TableConfig;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTopologyTest {

    static TableConfig hashMod(String name, List<String> nodes, List<Integer> locations) {
        return new TableConfig(name, "user_id", StrategyType.HASH_MOD, nodes, locations, null, false, null,
                new StrategyParams.None());
    }

    @Test
    void shardedTablesAreNumberedGloballyAcrossNodes() {
        TableTopology orders = TableTopology.of(hashMod("orders", List.of("ds0", "ds1"), List.of(4, 4)));
        assertThat(orders.shardCount()).isEqualTo(8);
        assertThat(orders.location(0)).isEqualTo(new ShardLocation("ds0", "orders_0000"));
        assertThat(orders.location(3)).isEqualTo(new ShardLocation("ds0", "orders_0003"));
        assertThat(orders.location(4)).isEqualTo(new ShardLocation("ds1", "orders_0004"));
        assertThat(orders.location(7)).isEqualTo(new ShardLocation("ds1", "orders_0007"));
        assertThat(orders.nodes()).containsExactly("ds0", "ds1");
        assertThatThrownBy(() -> orders.location(8)).hasMessageContaining("shards 0..7, not 8");
    }

    @Test
    void unevenLocations() {
        TableTopology t = TableTopology.of(hashMod("t", List.of("a", "b", "c"), List.of(1, 3, 2)));
        assertThat(t.locations()).extracting(ShardLocation::node).containsExactly("a", "b", "b", "b", "c", "c");
        assertThat(t.location(5).physicalTable()).isEqualTo("t_0005");
    }

    @Test
    void physicalNamesPadToFourDigitsAndGrowBeyond() {
        assertThat(TableTopology.physicalName("orders", 3)).isEqualTo("orders_0003");
        assertThat(TableTopology.physicalName("orders", 123)).isEqualTo("orders_0123");
        assertThat(TableTopology.physicalName("orders", 12345)).isEqualTo("orders_12345");
    }

    @Test
    void bindingTablesShareIndexesAndNodesWithTheirOwnName() {
        TableConfig items = new TableConfig("order_items", "user_id", StrategyType.HASH_MOD, List.of("ds0", "ds1"),
                List.of(4, 4), "orders", false, null, new StrategyParams.None());
        TableTopology orders = TableTopology.of(hashMod("orders", List.of("ds0", "ds1"), List.of(4, 4)));
        TableTopology bound = TableTopology.of(items);
        assertThat(bound.binding()).isEqualTo("orders");
        for (int i = 0; i < 8; i++) {
            assertThat(bound.location(i).node()).isEqualTo(orders.location(i).node());
        }
        assertThat(bound.location(3)).isEqualTo(new ShardLocation("ds0", "order_items_0003"));
    }

    @Test
    void broadcastTablesKeepTheirNameOnEveryNode() {
        TableConfig countries = new TableConfig("countries", null, null, List.of("ds0", "ds1", "ds2"), List.of(),
                null, true, null, new StrategyParams.None());
        TableTopology t = TableTopology.of(countries);
        assertThat(t.broadcast()).isTrue();
        assertThat(t.locations()).containsExactly(new ShardLocation("ds0", "countries"),
                new ShardLocation("ds1", "countries"), new ShardLocation("ds2", "countries"));
    }

    @Test
    void timeTablesAreNamedByMonth() {
        StrategyParams.Time months = new StrategyParams.Time(TimeUnit.MONTH, List.of(
                Period.ofMonths(YearMonth.of(2024, 1), YearMonth.of(2024, 12)),
                Period.ofMonths(YearMonth.of(2025, 1), YearMonth.of(2025, 6))));
        TableConfig events = new TableConfig("events", "created_at", StrategyType.TIME, List.of("ds0", "ds1"),
                List.of(12, 6), null, false, null, months);
        TableTopology t = TableTopology.of(events);
        assertThat(t.shardCount()).isEqualTo(18);
        assertThat(t.location(0)).isEqualTo(new ShardLocation("ds0", "events_202401"));
        assertThat(t.location(11)).isEqualTo(new ShardLocation("ds0", "events_202412"));
        assertThat(t.location(12)).isEqualTo(new ShardLocation("ds1", "events_202501"));
        assertThat(t.location(17)).isEqualTo(new ShardLocation("ds1", "events_202506"));
    }

    @Test
    void timeTablesAreNamedByDayAndYear() {
        StrategyParams.Time days = new StrategyParams.Time(TimeUnit.DAY, List.of(
                new Period(LocalDate.of(2024, 1, 30), LocalDate.of(2024, 2, 1)),
                new Period(LocalDate.of(2024, 2, 28), LocalDate.of(2024, 3, 1))));
        TableTopology d = TableTopology.of(new TableConfig("logs", "d", StrategyType.TIME, List.of("a", "b"),
                List.of(3, 3), null, false, null, days));
        assertThat(d.locations()).extracting(ShardLocation::physicalTable).containsExactly(
                "logs_20240130", "logs_20240131", "logs_20240201", "logs_20240228", "logs_20240229", "logs_20240301");
        assertThat(d.locations()).extracting(ShardLocation::node).containsExactly("a", "a", "a", "b", "b", "b");

        StrategyParams.Time years = new StrategyParams.Time(TimeUnit.YEAR, List.of(
                new Period(LocalDate.of(2024, 1, 1), LocalDate.of(2026, 12, 31))));
        TableTopology y = TableTopology.of(new TableConfig("archive", "d", StrategyType.TIME, List.of("a"),
                List.of(3), null, false, null, years));
        assertThat(y.locations()).extracting(ShardLocation::physicalTable)
                .containsExactly("archive_2024", "archive_2025", "archive_2026");
    }

    @Test
    void rejectsLocationsThatDoNotMatchNodes() {
        assertThatThrownBy(() -> TableTopology.of(hashMod("t", List.of("a", "b"), List.of(2))))
                .hasMessage("table t: 1 locations for 2 nodes");
    }
}
