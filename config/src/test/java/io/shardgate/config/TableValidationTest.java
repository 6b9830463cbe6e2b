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

    // ---------------------------------------------------------------- range

    private static final String ACCOUNTS = """
            - name: accounts
              shard-key: id
              strategy: range
              nodes: [ds0, ds1]
              locations: [2, 1]
            """;

    @Test
    void rangeNeedsSizeOrBoundaries() {
        assertThat(problems(withTables(ACCOUNTS))).containsExactly(
                "schemas.shop.tables.accounts.range-size: required key is missing (or give boundaries)");
    }

    @Test
    void rangeSizeAndBoundariesExcludeEachOther() {
        assertThat(problems(withTables(ACCOUNTS + "  range-size: 10\n  boundaries: [0, 10, 20, 30]\n"))).containsExactly(
                "schemas.shop.tables.accounts.boundaries: give either range-size or boundaries, not both");
    }

    @Test
    void rangeSizeMustBePositive() {
        assertThat(problems(withTables(ACCOUNTS + "  range-size: 0\n"))).containsExactly(
                "schemas.shop.tables.accounts.range-size: must be at least 1, got 0");
    }

    @Test
    void rangeBoundariesMustIncrease() {
        assertThat(problems(withTables(ACCOUNTS + "  boundaries: [0, 100, 100, 300]\n"))).containsExactly(
                "schemas.shop.tables.accounts.boundaries[2]: 100 is not greater than the boundary before it (100)");
    }

    @Test
    void rangeBoundariesAreOneMoreThanShards() {
        assertThat(problems(withTables(ACCOUNTS + "  boundaries: [0, 100, 200]\n"))).containsExactly(
                "schemas.shop.tables.accounts.boundaries: has 3 values but 3 shards need 4 (one more than shards)");
    }

    @Test
    void rangeSizeTimesShardsMustFitInALong() {
        assertThat(problems(withTables(ACCOUNTS + "  range-size: 4611686018427387904\n"))).containsExactly(
                "schemas.shop.tables.accounts.range-size: 4611686018427387904 x 3 shards does not fit in a 64-bit integer");
    }

    // ---------------------------------------------------------------- time

    private static final String EVENTS = """
            - name: events
              shard-key: created_at
              strategy: time
              unit: month
              nodes: [ds0, ds1]
            """;

    @Test
    void periodsMustNotOverlap() {
        assertThat(problems(withTables(EVENTS + "  periods: [2024-01..2024-06, 2024-06..2024-12]\n"))).containsExactly(
                "schemas.shop.tables.events.periods[1]: '2024-06..2024-12' starts before the end of the period before it"
                        + " (2024-01..2024-06); periods must be in order and must not overlap");
    }

    @Test
    void periodsMustBeInOrder() {
        assertThat(problems(withTables(EVENTS + "  periods: [2025-01..2025-06, 2024-01..2024-12]\n"))).containsExactly(
                "schemas.shop.tables.events.periods[1]: '2024-01..2024-12' starts before the end of the period before it"
                        + " (2025-01..2025-06); periods must be in order and must not overlap");
    }

    @Test
    void periodSyntaxFollowsTheUnit() {
        assertThat(problems(withTables(EVENTS + "  periods: [2024-01-01..2024-06-30, 2024-07..2024-12]\n"))).containsExactly(
                "schemas.shop.tables.events.periods[0]: '2024-01-01..2024-06-30' is not a month range (YYYY-MM..YYYY-MM)");
    }

    @Test
    void periodMonthMustExist() {
        assertThat(problems(withTables(EVENTS + "  periods: [2024-01..2024-13, 2025-01..2025-12]\n"))).containsExactly(
                "schemas.shop.tables.events.periods[0]: '2024-01..2024-13' is not a month range (YYYY-MM..YYYY-MM)");
    }

    @Test
    void periodEndsBeforeItStarts() {
        assertThat(problems(withTables(EVENTS + "  periods: [2024-06..2024-01, 2025-01..2025-12]\n"))).containsExactly(
                "schemas.shop.tables.events.periods[0]: '2024-06..2024-01' ends before it starts");
    }

    @Test
    void onePeriodPerNode() {
        assertThat(problems(withTables(EVENTS + "  periods: [2024-01..2024-12]\n"))).containsExactly(
                "schemas.shop.tables.events.periods: has 1 period but nodes has 2 (one period per node, in nodes order)");
    }

    @Test
    void unknownTimeUnitSuggests() {
        assertThat(problems(withTables(EVENTS.replace("unit: month", "unit: months")
                + "  periods: [2024-01..2024-12, 2025-01..2025-12]\n"))).containsExactly(
                "schemas.shop.tables.events.unit: unknown unit 'months' (did you mean 'month'?)");
    }

    @Test
    void timeLocationsMustMatchThePeriods() {
        assertThat(problems(withTables(EVENTS + "  periods: [2024-01..2024-12, 2025-01..2025-06]\n  locations: [12, 12]\n")))
                .containsExactly("schemas.shop.tables.events.locations: [12, 12] does not match the periods, which give"
                        + " [12, 6] (leave locations out for the time strategy)");
    }

    @Test
    void dayPeriodsAreCappedAtTenThousandTables() {
        assertThat(problems(withTables(EVENTS.replace("unit: month", "unit: day")
                + "  periods: [2000-01-01..2019-12-31, 2020-01-01..2039-12-31]\n"))).containsExactly(
                "schemas.shop.tables.events.periods: cover 14610 days, one physical table each; at most 10000");
    }

    // ---------------------------------------------------------------- region

    private static final String CUSTOMERS = """
            - name: customers
              shard-key: region
              strategy: region
              nodes: [ds0, ds1]
              locations: [1, 1]
            """;

    @Test
    void regionIndexMustBeAShard() {
        assertThat(problems(withTables(CUSTOMERS + "  regions: {north: 0, south: 2}\n"))).containsExactly(
                "schemas.shop.tables.customers.regions.south: 2 is out of range 0..1");
    }

    @Test
    void regionDefaultShardMustBeAShard() {
        assertThat(problems(withTables(CUSTOMERS + "  regions: {north: 0, south: 1}\n  default-shard: 5\n"))).containsExactly(
                "schemas.shop.tables.customers.default-shard: 5 is out of range 0..1");
    }

    @Test
    void regionsAreCaseInsensitive() {
        assertThat(problems(withTables(CUSTOMERS + "  regions: {north: 0, North: 1}\n"))).containsExactly(
                "schemas.shop.tables.customers.regions.North: region 'North' is also written 'north' (regions are case-insensitive)");
    }

    @Test
    void regionsRequired() {
        assertThat(problems(withTables(CUSTOMERS))).containsExactly(
                "schemas.shop.tables.customers.regions: required key is missing");
    }

    // ---------------------------------------------------------------- consistent-hash, lookup

    @Test
    void virtualNodesMustBePositive() {
        assertThat(problems(withTables(ORDERS.replace("hash-mod", "consistent-hash") + "  virtual-nodes: 0\n")))
                .containsExactly("schemas.shop.tables.orders.virtual-nodes: 0 is out of range 1..10000");
    }

    @Test
    void lookupNodeMustExist() {
        assertThat(problems(withTables(ORDERS.replace("hash-mod", "lookup")
                + "  lookup: {node: ds9, table: orders_locator}\n"))).containsExactly(
                "schemas.shop.tables.orders.lookup.node: unknown node 'ds9' (did you mean 'ds0'?)");
    }

    @Test
    void lookupAllocatorMustBeHashBased() {
        assertThat(problems(withTables(ORDERS.replace("hash-mod", "lookup")
                + "  lookup: {node: ds0, table: orders_locator, allocate: range}\n"))).containsExactly(
                "schemas.shop.tables.orders.lookup.allocate: 'range' cannot allocate new keys (hash-mod or consistent-hash)");
    }

    @Test
    void lookupSectionRequired() {
        assertThat(problems(withTables(ORDERS.replace("hash-mod", "lookup")))).containsExactly(
                "schemas.shop.tables.orders.lookup: required key is missing");
    }

    @Test
    void lookupLocatorMustNotBeALogicalTable() {
        assertThat(problems(withTables(ORDERS.replace("hash-mod", "lookup") + "  lookup: {node: ds0, table: orders}\n")))
                .containsExactly("schemas.shop.tables.orders.lookup.table: 'orders' is also a table of this schema;"
                        + " the locator needs a table of its own");
    }

    @Test
    void lookupTableRequired() {
        assertThat(problems(withTables(ORDERS.replace("hash-mod", "lookup") + "  lookup: {node: ds0}\n"))).containsExactly(
                "schemas.shop.tables.orders.lookup.table: required key is missing");
    }
}
