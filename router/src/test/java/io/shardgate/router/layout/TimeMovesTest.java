package io.shardgate.router.layout;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.router.topology.ShardLocation;
import org.junit.jupiter.api.Test;

class TimeMovesTest {

    private static String events(String nodes, String periods) {
        return "- {name: orders, shard-key: created, strategy: time, unit: month, nodes: " + nodes + ", periods: "
                + periods + "}";
    }

    @Test
    void aPeriodAppendedOnANewNodeKeepsEveryRow() {
        KeyMovement m = Layouts.orders(events("[ds0]", "[2024-01..2024-12]"),
                events("[ds0, ds1]", "[2024-01..2024-12, 2025-01..2025-06]"));
        assertThat(m.scope()).isEqualTo(KeyMovement.Scope.NONE);
        assertThat(m.reason()).isEqualTo("periods extended; every stored date keeps its table");
    }

    @Test
    void extendingTheLastPeriodKeepsEveryRow() {
        assertThat(Layouts.orders(events("[ds0, ds1]", "[2024-01..2024-06, 2024-07..2024-12]"),
                events("[ds0, ds1]", "[2024-01..2024-06, 2024-07..2025-03]")).movesRows()).isFalse();
    }

    @Test
    void movingMonthsToAnotherNodeMovesTheirRows() {
        KeyMovement m = Layouts.orders(events("[ds0, ds1]", "[2024-01..2024-06, 2024-07..2024-12]"),
                events("[ds0, ds1]", "[2024-01..2024-03, 2024-04..2024-12]"));
        assertThat(m.scope()).isEqualTo(KeyMovement.Scope.ROWS);
        assertThat(m.movedShare()).isEqualTo(0.25);
        assertThat(m.reason()).isEqualTo("rows of orders_202404 on ds0 would be looked for in orders_202404 on ds1"
                + " (3 of 12 month tables)");
    }

    @Test
    void aShortenedPeriodLeavesRowsOutside() {
        KeyMovement m = Layouts.orders(events("[ds0]", "[2024-01..2024-12]"), events("[ds0]", "[2024-01..2024-10]"));
        assertThat(m.reason()).startsWith("rows of orders_202411 on ds0 would be outside every new period");
    }

    @Test
    void aPeriodBeforeTheFirstMovesOnlyNullKeys() {
        KeyMovement m = Layouts.orders(events("[ds1]", "[2024-01..2024-12]"),
                events("[ds0, ds1]", "[2023-01..2023-12, 2024-01..2024-12]"));
        assertThat(m.scope()).isEqualTo(KeyMovement.Scope.NULL_KEYS);
        assertThat(m.nullKeysAt()).isEqualTo(new ShardLocation("ds1", "orders_202401"));
        assertThat(m.reason()).isEqualTo("rows whose shard key is NULL would move from orders_202401 on ds1 to "
                + "orders_202301 on ds0");
    }

    @Test
    void anotherUnitOrTimeZoneMovesRows() {
        String day = "- {name: orders, shard-key: created, strategy: time, unit: day, nodes: [ds0], periods: "
                + "[2024-01-01..2024-01-31]}";
        assertThat(Layouts.orders(events("[ds0]", "[2024-01..2024-01]"), day).movedShare()).isEqualTo(1.0);

        var before = Layouts.config("ds0", events("[ds0]", "[2024-01..2024-12]"), "");
        var after = Layouts.config("ds0", events("[ds0]", "[2024-01..2024-12]"), "time-zone: Asia/Shanghai\n");
        KeyMovement m = TableMoves.compare(Layouts.placement(before, "orders"), Layouts.placement(after, "orders"));
        assertThat(m.scope()).isEqualTo(KeyMovement.Scope.ROWS);
        assertThat(m.reason()).startsWith("time-zone changes from UTC to Asia/Shanghai");
    }
}
