package io.shardgate.config;

import static io.shardgate.config.TestYaml.problems;
import static io.shardgate.config.TestYaml.withTables;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One test per rule of each strategy's own keys, asserting the exact message. */
class StrategyValidationTest {

    private static final String ORDERS = """
            - name: orders
              shard-key: user_id
              strategy: hash-mod
              nodes: [ds0, ds1]
              locations: [2, 2]
            """;

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
