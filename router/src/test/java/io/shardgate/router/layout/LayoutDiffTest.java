package io.shardgate.router.layout;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.ConfigProblem;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.router.topology.ShardLocation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayoutDiffTest {

    private static final String ORDERS = """
            - {name: orders, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: [1, 1]}
            - {name: items, binding: orders, shard-key: user_id}
            """;
    private static final String ORDERS_4 = ORDERS.replace("[1, 1]", "[2, 2]");

    @Test
    void replicasPoolsAndCredentialsAreNoLayoutChange() {
        ShardgateConfig before = Layouts.config(ORDERS);
        String yaml = Layouts.NODES.replace("{name: ds1, primary: 127.0.0.1:13307, user: u, password: p}",
                "{name: ds1, primary: 127.0.0.1:23307, replicas: [127.0.0.1:23308@3], user: v, password: q, "
                        + "pool: {max: 7}}")
                + "schemas:\n  - name: shop\n    default-node: ds0\n    tables:\n"
                + ORDERS.lines().map(l -> "      " + l).reduce((a, b) -> a + "\n" + b).orElseThrow() + "\n";
        ShardgateConfig after = ConfigLoader.parse(yaml, "test.yaml", name -> null);
        assertThat(LayoutDiff.between(before, after).isEmpty()).isTrue();
    }

    @Test
    void aLayoutChangeListsEveryTableOfTheBindingGroup() {
        LayoutDiff diff = LayoutDiff.between(Layouts.config(ORDERS), Layouts.config(ORDERS_4));
        assertThat(diff.moving()).extracting(TableChange::table).containsExactly("orders", "items");
        assertThat(diff.moving()).extracting(TableChange::group).containsOnly("orders");
        TableChange items = diff.moving().get(1);
        assertThat(items.rowChecks()).extracting(RowCheck::location).containsExactly(
                new ShardLocation("ds0", "items_0000"), new ShardLocation("ds1", "items_0001"));
        assertThat(items.addedLocations()).containsExactly(new ShardLocation("ds0", "items_0001"),
                new ShardLocation("ds1", "items_0002"), new ShardLocation("ds1", "items_0003"));
    }

    @Test
    void aTableNewlyListedMovesTheRowsOfItsUnshardedTable() {
        LayoutDiff diff = LayoutDiff.between(Layouts.config(""), Layouts.config(ORDERS));
        assertThat(diff.tables()).extracting(TableChange::kind).containsOnly(TableChange.Kind.ADDED);
        assertThat(diff.moving().get(0).rowChecks()).containsExactly(
                new RowCheck(new ShardLocation("ds0", "orders"), null));
    }

    @Test
    void aTableNoLongerListedIsAWarningNotAMove() {
        LayoutDiff diff = LayoutDiff.between(Layouts.config(ORDERS), Layouts.config(""));
        assertThat(diff.moving()).isEmpty();
        assertThat(diff.tables()).extracting(TableChange::kind).containsOnly(TableChange.Kind.REMOVED);
        assertThat(diff.warnings()).first().isEqualTo("schemas.shop.tables.orders: no longer listed; its physical "
                + "tables (orders_0000 on ds0, orders_0001 on ds1) keep their rows but are no longer reached through "
                + "the proxy: statements on shop.orders now go to the table of that name on ds0");
    }

    @Test
    void aBroadcastTableGainingANodeNeedsItsRowsCopied() {
        String two = "- {name: countries, broadcast: true, nodes: [ds0, ds1]}";
        LayoutDiff diff = LayoutDiff.between(Layouts.config(two),
                Layouts.config("- {name: countries, broadcast: true, nodes: [ds0, ds1, ds2]}"));
        assertThat(diff.moving()).singleElement().satisfies(c -> {
            assertThat(c.movement().reason()).startsWith("new copies countries on ds2 would start empty");
            assertThat(c.addedLocations()).containsExactly(new ShardLocation("ds2", "countries"));
        });
        LayoutDiff fewer = LayoutDiff.between(Layouts.config(two),
                Layouts.config("- {name: countries, broadcast: true, nodes: [ds0]}"));
        assertThat(fewer.moving()).isEmpty();
    }

    @Test
    void anAppendedRangeKeepsRowsAndAddsATable() {
        String before = "- {name: orders, shard-key: id, strategy: range, nodes: [ds0, ds1], locations: [1, 1], "
                + "range-size: 100}";
        LayoutDiff diff = LayoutDiff.between(Layouts.config(before),
                Layouts.config(before.replace("[1, 1]", "[1, 2]")));
        assertThat(diff.moving()).isEmpty();
        assertThat(diff.tables()).singleElement().satisfies(c ->
                assertThat(c.addedLocations()).containsExactly(new ShardLocation("ds1", "orders_0002")));
    }

    @Test
    void anotherDefaultNodeAsksAboutTheUnlistedTables() {
        LayoutDiff diff = LayoutDiff.between(Layouts.config("ds0", ORDERS, ""), Layouts.config("ds1", ORDERS, ""));
        assertThat(diff.defaultNodes()).singleElement().satisfies(d -> {
            assertThat(d.from()).isEqualTo("ds0");
            assertThat(d.to()).isEqualTo("ds1");
            assertThat(d.listedTables()).contains("orders_0000", "items_0001");
        });
    }

    @Test
    void theRefusalNamesTheTableWhyAndHow() {
        LayoutDiff diff = LayoutDiff.between(Layouts.config(ORDERS), Layouts.config(ORDERS_4));
        TableChange orders = diff.moving().get(0);
        ConfigProblem p = LayoutRefusal.ofGroup(diff.moving(),
                Map.of(orders, List.of(new ShardLocation("ds1", "orders_0001"))), "/etc/shardgate/sharding.yaml");
        assertThat(p.path()).isEqualTo("schemas.shop.tables.orders");
        assertThat(p.message()).isEqualTo("orders holds rows (found in orders_0001 on ds1), and the new layout "
                + "would move rows: hash-mod over 4 shards instead of 2: 75% of the keys would change physical table."
                + " The reload is refused and the running config stays. Move the rows online with the admin command"
                + " RESHARD TABLE shop.orders TO '/etc/shardgate/sharding.yaml' (it moves the binding group orders,"
                + " items together): it copies them into the new layout while the table stays in use, then switches"
                + " (docs/resharding.md).");
    }
}
