package io.shardgate.config;

import static io.shardgate.config.TestYaml.problems;
import static io.shardgate.config.TestYaml.withTables;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One test per table rule, each asserting the exact message (and that nothing else is reported). */
class TableValidationTest {

    private static final String ORDERS = """
            - name: orders
              shard-key: user_id
              strategy: hash-mod
              nodes: [ds0, ds1]
              locations: [2, 2]
            """;

    @Test
    void unknownStrategySuggestsTheClosest() {
        assertThat(problems(withTables(ORDERS.replace("hash-mod", "hsh-mod")))).containsExactly(
                "schemas.shop.tables.orders.strategy: unknown type 'hsh-mod' (did you mean 'hash-mod'?)");
    }

    @Test
    void unknownStrategyWithoutCloseMatchListsAll() {
        assertThat(problems(withTables(ORDERS.replace("hash-mod", "modulo")))).containsExactly(
                "schemas.shop.tables.orders.strategy: unknown type 'modulo' (one of hash-mod, range, time, region,"
                        + " consistent-hash, lookup)");
    }

    @Test
    void missingStrategy() {
        assertThat(problems(withTables(ORDERS.replace("  strategy: hash-mod\n", "")))).containsExactly(
                "schemas.shop.tables.orders.strategy: required key is missing");
    }

    @Test
    void unknownTableKeySuggests() {
        assertThat(problems(withTables(ORDERS.replace("shard-key", "shardkey")))).containsExactly(
                "schemas.shop.tables.orders.shardkey: unknown key (did you mean 'shard-key'?)",
                "schemas.shop.tables.orders.shard-key: required key is missing (a sharded table needs one;"
                        + " write broadcast: true for a table copied to every node)");
    }

    @Test
    void shardedTableWithoutShardKey() {
        assertThat(problems(withTables(ORDERS.replace("  shard-key: user_id\n", "")))).containsExactly(
                "schemas.shop.tables.orders.shard-key: required key is missing (a sharded table needs one;"
                        + " write broadcast: true for a table copied to every node)");
    }

    @Test
    void unknownNodeSuggests() {
        assertThat(problems(withTables(ORDERS.replace("[ds0, ds1]", "[ds0, dss1]")))).containsExactly(
                "schemas.shop.tables.orders.nodes[1]: unknown node 'dss1' (did you mean 'ds1'?)");
    }

    @Test
    void unknownNodeWithoutCloseMatchListsNodes() {
        assertThat(problems(withTables(ORDERS.replace("[ds0, ds1]", "[ds0, backup]")))).containsExactly(
                "schemas.shop.tables.orders.nodes[1]: unknown node 'backup' (nodes: ds0, ds1)");
    }

    @Test
    void nodeListedTwice() {
        assertThat(problems(withTables(ORDERS.replace("[ds0, ds1]", "[ds0, ds0]")))).containsExactly(
                "schemas.shop.tables.orders.nodes[1]: node 'ds0' is listed twice");
    }

    @Test
    void locationsLengthDiffersFromNodes() {
        assertThat(problems(withTables(ORDERS.replace("[2, 2]", "[2, 2, 2]")))).containsExactly(
                "schemas.shop.tables.orders.locations: has 3 entries but nodes has 2 (one count per node)");
    }

    @Test
    void locationsMustBePositive() {
        assertThat(problems(withTables(ORDERS.replace("[2, 2]", "[2, 0]")))).containsExactly(
                "schemas.shop.tables.orders.locations[1]: 0 is out of range 1..10000");
    }

    @Test
    void locationsMissing() {
        assertThat(problems(withTables(ORDERS.replace("  locations: [2, 2]\n", "")))).containsExactly(
                "schemas.shop.tables.orders.locations: required key is missing");
    }

    @Test
    void atMostTenThousandShards() {
        assertThat(problems(withTables(ORDERS.replace("[2, 2]", "[6000, 6000]")))).containsExactly(
                "schemas.shop.tables.orders.locations: 12000 physical tables in all; at most 10000 (the suffix has 4 digits)");
    }

    @Test
    void keyOfAnotherStrategyIsReported() {
        assertThat(problems(withTables(ORDERS + "  range-size: 1000\n"))).containsExactly(
                "schemas.shop.tables.orders.range-size: not used by strategy hash-mod");
    }

    @Test
    void duplicateTableNamesIgnoreCase() {
        assertThat(problems(withTables(ORDERS + ORDERS.replace("name: orders", "name: Orders")))).containsExactly(
                "schemas.shop.tables[1].name: duplicate table name 'Orders'");
    }

    @Test
    void tableNameMustBeAPlainIdentifier() {
        assertThat(problems(withTables(ORDERS.replace("name: orders", "name: order-lines")))).containsExactly(
                "schemas.shop.tables.order-lines.name: 'order-lines' is not a plain identifier (letters, digits, _ and $)");
    }

    @Test
    void tableNameMustLeaveRoomForTheSuffix() {
        String name = "t".repeat(60);
        assertThat(problems(withTables(ORDERS.replace("name: orders", "name: " + name)))).containsExactly(
                "schemas.shop.tables." + name + ".name: '" + name + "' is too long: physical table '" + name
                        + "_0000' exceeds 64 characters");
    }

    @Test
    void physicalNameMustNotCollideWithAnotherTable() {
        assertThat(problems(withTables(ORDERS + """
                - name: orders_0001
                  broadcast: true
                """))).containsExactly(
                "schemas.shop.tables.orders.name: physical table 'orders_0001' of 'orders' has the same name as table 'orders_0001'");
    }

    @Test
    void aGenerationNamesThePhysicalTablesApart() {
        ShardgateConfig config = TestYaml.load(withTables(ORDERS + "  generation: 2\n" + """
                - name: order_items
                  binding: orders
                  shard-key: user_id
                """));
        TableConfig orders = config.schema("shop").orElseThrow().table("orders").orElseThrow();
        assertThat(orders.generation()).isEqualTo(2);
        assertThat(SchemaReader.physicalNames(orders)).containsExactly("orders_g2_0000", "orders_g2_0001",
                "orders_g2_0002", "orders_g2_0003");
        // a bound table moves with its parent: same generation
        assertThat(config.schema("shop").orElseThrow().table("order_items").orElseThrow().generation()).isEqualTo(2);
    }

    @Test
    void aGenerationMustNotGiveTwoTablesOnePhysicalName() {
        assertThat(problems(withTables(ORDERS + "  generation: 1\n" + ORDERS.replace("name: orders",
                "name: orders_g1")))).containsExactly("schemas.shop.tables.orders_g1.name: physical table "
                + "'orders_g1_0000' of 'orders_g1' is also one of 'orders'");
    }

    @Test
    void onlyAShardedTableHasAGeneration() {
        assertThat(problems(withTables(ORDERS + """
                - name: order_items
                  binding: orders
                  shard-key: user_id
                  generation: 1
                """))).containsExactly("schemas.shop.tables.order_items.generation: only a sharded table has a "
                + "generation (a binding table has its parent's)");
    }

    @Test
    void keyGeneratorTypeMustBeSnowflake() {
        assertThat(problems(withTables(ORDERS + "  key-generator: {column: order_id, type: uuid}\n"))).containsExactly(
                "schemas.shop.tables.orders.key-generator.type: unknown type 'uuid' (only snowflake is supported)");
    }

    @Test
    void keyGeneratorTypoSuggestsSnowflake() {
        assertThat(problems(withTables(ORDERS + "  key-generator: {column: order_id, type: snowflak}\n"))).containsExactly(
                "schemas.shop.tables.orders.key-generator.type: unknown type 'snowflak' (did you mean 'snowflake'?)");
    }

    @Test
    void keyGeneratorLayoutIsSixtyFourBitOrJsSafe() {
        assertThat(problems(withTables(ORDERS + "  key-generator: {column: order_id, layout: js-safer}\n")))
                .containsExactly("schemas.shop.tables.orders.key-generator.layout: unknown id layout 'js-safer' "
                        + "(did you mean 'js-safe'?)");
        ShardgateConfig config = TestYaml.load(withTables(ORDERS + "  key-generator: {column: order_id, layout: JS-Safe}\n"));
        KeyGeneratorConfig generator = config.schemas().getFirst().tables().getFirst().keyGenerator();
        assertThat(generator).isEqualTo(new KeyGeneratorConfig("order_id", "snowflake", "js-safe"));
        assertThat(config.idLayoutOf(generator)).isEqualTo("js-safe");
    }

    @Test
    void keyGeneratorWithoutLayoutTakesTheProxyDefault() {
        String yaml = withTables(ORDERS + "  key-generator: {column: order_id}\n");
        ShardgateConfig standard = TestYaml.load(yaml);
        assertThat(standard.idLayoutOf(standard.schemas().getFirst().tables().getFirst().keyGenerator()))
                .isEqualTo("64-bit");
        ShardgateConfig js = TestYaml.load(yaml.replace("proxy:\n", "proxy:\n  id-layout: js-safe\n"));
        assertThat(js.idLayoutOf(js.schemas().getFirst().tables().getFirst().keyGenerator())).isEqualTo("js-safe");
    }

    @Test
    void jsSafeLayoutLeavesRoomForThirtyTwoWorkers() {
        String yaml = withTables(ORDERS + "  key-generator: {column: order_id, layout: js-safe}\n")
                .replace("proxy:\n", "proxy:\n  worker-id: 32\n");
        assertThat(problems(yaml)).containsExactly("proxy.worker-id: must be 0..31 because table shop.orders uses "
                + "the js-safe id layout (5 worker bits), got 32");
        assertThat(problems(withTables(ORDERS).replace("proxy:\n", "proxy:\n  worker-id: 40\n  id-layout: js-safe\n")))
                .containsExactly("proxy.worker-id: must be 0..31 with id-layout js-safe (5 worker bits), got 40");
        TestYaml.load(withTables(ORDERS + "  key-generator: {column: order_id}\n")
                .replace("proxy:\n", "proxy:\n  worker-id: 1023\n"));
    }

    @Test
    void keyGeneratorNeedsAColumn() {
        assertThat(problems(withTables(ORDERS + "  key-generator: {type: snowflake}\n"))).containsExactly(
                "schemas.shop.tables.orders.key-generator.column: required key is missing");
    }

    // ---------------------------------------------------------------- broadcast

    @Test
    void broadcastTableHasNoShardKey() {
        assertThat(problems(withTables("""
                - name: countries
                  broadcast: true
                  shard-key: code
                """))).containsExactly(
                "schemas.shop.tables.countries.shard-key: not used by a broadcast table (a full copy lives on each of its nodes)");
    }

    @Test
    void broadcastMustBeBoolean() {
        assertThat(problems(withTables("""
                - name: countries
                  broadcast: yes
                """))).contains("schemas.shop.tables.countries.broadcast: 'yes' is not a boolean (true or false)");
    }

    // ---------------------------------------------------------------- binding

    @Test
    void bindingParentMissing() {
        assertThat(problems(withTables(ORDERS + """
                - name: order_items
                  binding: ordrs
                  shard-key: user_id
                """))).containsExactly(
                "schemas.shop.tables.order_items.binding: unknown table 'ordrs' (did you mean 'orders'?)");
    }

    @Test
    void bindingParentIsItselfABinding() {
        assertThat(problems(withTables(ORDERS + """
                - name: order_items
                  binding: orders
                  shard-key: user_id
                - name: item_notes
                  binding: order_items
                  shard-key: user_id
                """))).containsExactly(
                "schemas.shop.tables.item_notes.binding: 'order_items' is itself bound to 'orders'; bind to 'orders' directly");
    }

    @Test
    void bindingParentIsBroadcast() {
        assertThat(problems(withTables("""
                - name: countries
                  broadcast: true
                - name: cities
                  binding: countries
                  shard-key: country
                """))).containsExactly(
                "schemas.shop.tables.cities.binding: 'countries' is a broadcast table; only sharded tables can be bound to");
    }

    @Test
    void bindingToItself() {
        assertThat(problems(withTables("""
                - name: loop
                  binding: loop
                  shard-key: id
                """))).containsExactly("schemas.shop.tables.loop.binding: a table cannot be bound to itself");
    }

    @Test
    void bindingWithoutShardKey() {
        assertThat(problems(withTables(ORDERS + """
                - name: order_items
                  binding: orders
                """))).containsExactly(
                "schemas.shop.tables.order_items.shard-key: required key is missing (must be 'user_id', the shard key of 'orders')");
    }

    @Test
    void bindingShardKeyDiffersFromParent() {
        assertThat(problems(withTables(ORDERS + """
                - name: order_items
                  binding: orders
                  shard-key: order_id
                """))).containsExactly(
                "schemas.shop.tables.order_items.shard-key: 'order_id' differs from 'user_id', the shard key of 'orders';"
                        + " bound tables must shard on the same column");
    }

    @Test
    void bindingTableCannotChooseItsOwnLayout() {
        assertThat(problems(withTables(ORDERS + """
                - name: order_items
                  binding: orders
                  shard-key: user_id
                  locations: [4, 4]
                """))).containsExactly(
                "schemas.shop.tables.order_items.locations: not allowed on a binding table: it uses the strategy, nodes and"
                        + " locations of 'orders'");
    }

    @Test
    void bindingAndBroadcastExcludeEachOther() {
        assertThat(problems(withTables(ORDERS + """
                - name: order_items
                  binding: orders
                  shard-key: user_id
                  broadcast: true
                """))).containsExactly(
                "schemas.shop.tables.order_items.broadcast: a table is either broadcast or bound to another table, not both");
    }
}
