package io.shardgate.ittests.sharding;

import io.shardgate.router.strategy.ShardStrategy;
import io.shardgate.router.topology.TableTopology;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * One strategy's table for {@link StrategyPlacementIT}: its config, the SQL type of its shard key {@code k}
 * and the key of row {@code i} as the Java value the router's strategies take ({@link Long}, {@link String},
 * {@link LocalDateTime}). Every table has the columns {@code (id INT PRIMARY KEY, k <keyType>, payload)}.
 *
 * @param table the logical table's name
 * @param yaml the table's entry under {@code tables:}, indented for it
 * @param keyType the shard key's SQL column type
 * @param key row id -> shard-key value
 * @param uniqueKeys whether every row has its own key (else several rows share one, e.g. a region)
 */
record PlacementCase(String table, String yaml, String keyType, IntFunction<Object> key, boolean uniqueKeys) {

    static final int ROWS = 1_000;

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final LocalDateTime YEAR_START = LocalDateTime.of(2024, 1, 1, 0, 0);
    /** Spreads 1,000 rows over the whole of 2024 (366 days): 999 steps stay inside the year. */
    private static final long SECONDS_PER_ROW = 366L * 86_400 / ROWS;
    private static final List<String> REGIONS = List.of("north", "South", "EAST", "west", "central", "Highlands",
            "islands", "coast", "unlisted-a", "North", "plains ", "zz");

    /** All six strategies over ds0 and ds1. */
    static List<PlacementCase> all() {
        return List.of(
                new PlacementCase("hm", """
                              - name: hm
                                shard-key: k
                                strategy: hash-mod
                                nodes: [ds0, ds1]
                                locations: [2, 2]
                        """, "BIGINT",
                        // negative, beyond 32 bits, and both ends of BIGINT
                        i -> switch (i) {
                            case 1 -> Long.MAX_VALUE;
                            case 2 -> Long.MIN_VALUE;
                            case 3 -> Long.MIN_VALUE + 1;
                            default -> (i % 3 == 0 ? -1L : 1L) * (i * 1_000_003L + 17);
                        }, true),
                new PlacementCase("rg", """
                              - name: rg
                                shard-key: k
                                strategy: range
                                nodes: [ds0, ds1]
                                locations: [2, 2]
                                range-size: 250
                        """, "BIGINT",
                        // a permutation of 0..999 (7 and 1000 are coprime): every range gets rows
                        i -> (long) (i * 7 % ROWS), true),
                new PlacementCase("tm", """
                              - name: tm
                                shard-key: k
                                strategy: time
                                unit: month
                                nodes: [ds0, ds1]
                                periods: [2024-01..2024-06, 2024-07..2024-12]
                        """, "DATETIME",
                        // the first and the last second of every month, then spread over the year
                        i -> i < 12 ? YEAR_START.plusMonths(i)
                                : i < 24 ? YEAR_START.plusMonths(i - 11).minusSeconds(1)
                                : YEAR_START.plusSeconds(i * SECONDS_PER_ROW + 1), true),
                new PlacementCase("rn", """
                              - name: rn
                                shard-key: k
                                strategy: region
                                nodes: [ds0, ds1]
                                locations: [2, 2]
                                regions: {north: 0, south: 1, east: 2, west: 3, central: 1, highlands: 0, islands: 3, plains: 2}
                                default-shard: 2
                        """, "VARCHAR(40)",
                        // listed, differently cased, trailing space, and unlisted (default shard) values
                        i -> REGIONS.get(i % REGIONS.size()), false),
                new PlacementCase("ch", """
                              - name: ch
                                shard-key: k
                                strategy: consistent-hash
                                nodes: [ds0, ds1]
                                locations: [2, 2]
                                virtual-nodes: 160
                        """, "VARCHAR(60)",
                        i -> "session-" + i + "-" + Integer.toHexString(i * 2_654_435), true),
                new PlacementCase("lk", """
                              - name: lk
                                shard-key: k
                                strategy: lookup
                                nodes: [ds0, ds1]
                                locations: [2, 2]
                                lookup:
                                  node: ds0
                                  table: locator_lk
                        """, "VARCHAR(80)",
                        i -> "User" + i + "@Example.test", true));
    }

    /** Where each of the {@link #ROWS} rows belongs, by the router's own strategy and topology. */
    Map<Integer, BackendTables.Place> expectedPlaces(ShardStrategy strategy, TableTopology topology) {
        Map<Integer, BackendTables.Place> expected = new TreeMap<>();
        for (int id = 0; id < ROWS; id++) {
            expected.put(id, BackendTables.Place.of(topology.location(strategy.shardOf(key.apply(id)))));
        }
        return expected;
    }

    /** The key of row {@code id} as an SQL literal. */
    String keyLiteral(int id) {
        return literal(key.apply(id));
    }

    static String literal(Object value) {
        return switch (value) {
            case Long l -> Long.toString(l);
            case String s -> "'" + s.replace("'", "''") + "'";
            case LocalDateTime t -> "'" + DATETIME.format(t) + "'";
            default -> throw new IllegalArgumentException("no literal for " + value.getClass());
        };
    }

    String createTable() {
        return "CREATE TABLE " + table + " (id INT NOT NULL PRIMARY KEY, k " + keyType
                + " NOT NULL, payload VARCHAR(64) NOT NULL, KEY k_idx (k))";
    }

    static String payload(int id) {
        return "row-" + id;
    }

    @Override
    public String toString() {
        return table + " (" + yaml.lines().filter(l -> l.contains("strategy:")).findFirst().orElse("").trim() + ")";
    }
}
