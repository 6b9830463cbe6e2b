package io.shardgate.ittests.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.TableConfig;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.router.strategy.InMemoryLookupStore;
import io.shardgate.router.strategy.KeyValues;
import io.shardgate.router.strategy.ShardStrategies;
import io.shardgate.router.strategy.ShardStrategy;
import io.shardgate.router.topology.ShardLocation;
import io.shardgate.router.topology.TableTopology;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5's "done when" for every strategy: one logical CREATE TABLE through the proxy makes every physical
 * table; 1,000 rows inserted through the proxy by a JDBC application (single-row text and server-prepared,
 * multi-row and rewritten batch INSERTs) each sit in exactly the physical table the router's own strategy and topology name, and
 * nowhere else (checked on the backends directly); every row reads back through the proxy by its key, with
 * text and with server-side prepared statements, and in IN lists, counts, pages and ranges across shards.
 */
@ExtendWith(SharedBackends.class)
class StrategyPlacementIT {

    private static final String SCHEMA = "placement_it";
    private static final int SINGLE_TEXT_ROWS = 100;
    private static final int SINGLE_ROWS = 200;
    private static final int MULTI_ROW_END = 500;
    private static final int ROWS_PER_STATEMENT = 10;
    private static final int BATCH = 100;
    private static final int IN_LIST = 25;

    /** A second lookup table whose locator the test fills first, as an operator who moved keys would. */
    private static final String MOVED_LOOKUP_YAML = """
                  - name: relocated
                    shard-key: k
                    strategy: lookup
                    nodes: [ds0, ds1]
                    locations: [2, 2]
                    lookup:
                      node: ds0
                      table: locator_relocated
            """;

    private static ProxyFixture proxy;
    private static BackendTables backendTables;

    static List<PlacementCase> cases() {
        return PlacementCase.all();
    }

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        StringBuilder yaml = new StringBuilder("""
                schemas:
                  - name: %s
                    default-node: ds0
                    tables:
                """);
        cases().forEach(c -> yaml.append(c.yaml()));
        yaml.append(MOVED_LOOKUP_YAML);
        proxy = ProxyFixture.start(backends, SCHEMA, yaml.toString());
        backendTables = new BackendTables(proxy, backends);
    }

    @AfterAll
    static void stop() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyRowSitsWhereTheStrategySaysAndReadsBackByKey(PlacementCase table) throws SQLException {
        TableConfig config = tableConfig(table.table());
        TableTopology topology = TableTopology.of(config);
        // a fresh in-memory locator gives each new lookup key the allocator's choice, as the proxy's does
        ShardStrategy strategy = ShardStrategies.create(config, proxy.server().config().timeZone(),
                lookup -> new InMemoryLookupStore());

        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute(table.createTable());
        }
        assertPhysicalTablesExactly(table.table(), topology);
        backendTables.awaitReplicas();
        assertMetadataIsLogical(table.table(), topology);

        insertThroughProxy(table);

        Map<Integer, BackendTables.Place> expected = table.expectedPlaces(strategy, topology);
        assertThat(backendTables.misplaced(table.table(), expected)).as("rows not exactly where the strategy puts them")
                .isEmpty();
        // every physical table got rows: the keys really exercise the whole table
        Map<String, Long> perTable = expected.values().stream()
                .collect(Collectors.groupingBy(BackendTables.Place::table, TreeMap::new, Collectors.counting()));
        assertThat(perTable).as("rows per physical table").hasSize(topology.shardCount());

        if (table.table().equals("lk")) {
            assertLocatorAgrees(table, strategy);
        }
        backendTables.awaitReplicas();
        readBackByKey(table, "");
        readBackByKey(table, "useServerPrepStmts=true");
        readBackAcrossShards(table);
    }

    @Test
    void lookupRowsFollowTheLocatorNotTheAllocator() throws SQLException {
        TableConfig config = tableConfig("relocated");
        TableTopology topology = TableTopology.of(config);
        ShardStrategy allocator = ShardStrategies.create(config, proxy.server().config().timeZone(),
                lookup -> new InMemoryLookupStore());
        Map<Integer, Integer> expectedShard = new TreeMap<>();
        try (Connection c = proxy.direct(0, ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE locator_relocated (k VARCHAR(255) PRIMARY KEY, shard INT NOT NULL)");
            for (int id = 0; id < 40; id++) {
                int allocated = allocator.shardOf(movedKey(id));
                if (id % 2 == 0) {
                    // recorded away from the allocator's choice: the record must win
                    int moved = (allocated + 1 + id % 3) % topology.shardCount();
                    s.execute("INSERT INTO locator_relocated VALUES ('" + KeyValues.canonical(movedKey(id)) + "', " + moved + ")");
                    expectedShard.put(id, moved);
                } else {
                    expectedShard.put(id, allocated);
                }
            }
        }
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE relocated (id INT NOT NULL PRIMARY KEY, k VARCHAR(80) NOT NULL, payload VARCHAR(64))");
            for (int id = 0; id < 40; id++) {
                s.executeUpdate("INSERT INTO relocated (id, k, payload) VALUES (" + id + ", '" + movedKey(id) + "', 'm')");
            }
        }
        Map<Integer, BackendTables.Place> expected = new TreeMap<>();
        expectedShard.forEach((id, shard) -> expected.put(id, BackendTables.Place.of(topology.location(shard))));
        assertThat(backendTables.misplaced("relocated", expected)).as("even ids moved, odd ids new").isEmpty();
        backendTables.awaitReplicas();
        try (Connection c = proxy.connect("");
             PreparedStatement p = c.prepareStatement("SELECT id FROM relocated WHERE k = ?")) {
            for (int id = 0; id < 40; id++) {
                p.setString(1, movedKey(id));
                try (ResultSet rs = p.executeQuery()) {
                    assertThat(ResultText.rows(rs)).as("read back " + movedKey(id)).containsExactly(Integer.toString(id));
                }
            }
        }
    }

    private static String movedKey(int id) {
        return "Moved-" + id + "@Example.test";
    }

    private static void insertThroughProxy(PlacementCase table) throws SQLException {
        String columns = "INSERT INTO " + table.table() + " (id, k, payload) VALUES ";
        try (Connection c = proxy.connect("useServerPrepStmts=true");
             PreparedStatement p = c.prepareStatement(columns + "(?, ?, ?)")) {
            for (int id = SINGLE_TEXT_ROWS; id < SINGLE_ROWS; id++) {
                p.setInt(1, id);
                p.setObject(2, table.key().apply(id));
                p.setString(3, PlacementCase.payload(id));
                assertThat(p.executeUpdate()).as("server-prepared insert of id " + id).isEqualTo(1);
            }
        }
        try (Connection c = proxy.connect("rewriteBatchedStatements=true"); Statement s = c.createStatement()) {
            for (int id = 0; id < SINGLE_TEXT_ROWS; id++) {
                assertThat(s.executeUpdate(columns + row(table, id))).as("single-row insert of id " + id).isEqualTo(1);
            }
            for (int from = SINGLE_ROWS; from < MULTI_ROW_END; from += ROWS_PER_STATEMENT) {
                String values = IntStream.range(from, from + ROWS_PER_STATEMENT).mapToObj(id -> row(table, id))
                        .collect(Collectors.joining(", "));
                assertThat(s.executeUpdate(columns + values)).as("multi-row insert from id " + from)
                        .isEqualTo(ROWS_PER_STATEMENT);
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO " + table.table() + " (id, k, payload) VALUES (?, ?, ?)")) {
                for (int id = MULTI_ROW_END; id < PlacementCase.ROWS; id++) {
                    p.setInt(1, id);
                    p.setObject(2, table.key().apply(id));
                    p.setString(3, PlacementCase.payload(id));
                    p.addBatch();
                    if ((id - MULTI_ROW_END + 1) % BATCH == 0) {
                        p.executeBatch();
                    }
                }
                p.executeBatch();
            }
        }
    }

    private static String row(PlacementCase table, int id) {
        return "(" + id + ", " + table.keyLiteral(id) + ", '" + PlacementCase.payload(id) + "')";
    }

    /**
     * Reads every row back through the proxy with {@code WHERE k = ?}: each key gives exactly its rows.
     *
     * @param options Connector/J options: client-side (text) or server-side (binary protocol) prepared statements
     */
    private static void readBackByKey(PlacementCase table, String options) throws SQLException {
        // rows whose keys the database (and the router) count as equal: case-insensitive, trailing spaces ignored
        Map<String, TreeSet<Integer>> idsByKey = new LinkedHashMap<>();
        Map<String, Object> keyValue = new HashMap<>();
        for (int id = 0; id < PlacementCase.ROWS; id++) {
            Object key = table.key().apply(id);
            String canonical = KeyValues.canonical(key);
            idsByKey.computeIfAbsent(canonical, k -> new TreeSet<>()).add(id);
            keyValue.putIfAbsent(canonical, key);
        }
        if (table.uniqueKeys()) {
            assertThat(idsByKey).as("distinct keys").hasSize(PlacementCase.ROWS);
        }
        List<String> wrong = new ArrayList<>();
        try (Connection c = proxy.connect(options);
             PreparedStatement p = c.prepareStatement("SELECT id, payload FROM " + table.table() + " WHERE k = ?")) {
            for (Map.Entry<String, TreeSet<Integer>> e : idsByKey.entrySet()) {
                p.setObject(1, keyValue.get(e.getKey()));
                TreeSet<Integer> ids = new TreeSet<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getInt(1));
                        if (!rs.getString(2).equals(PlacementCase.payload(rs.getInt(1)))) {
                            wrong.add("payload of id " + rs.getInt(1) + ": " + rs.getString(2));
                        }
                    }
                }
                if (!ids.equals(e.getValue())) {
                    wrong.add("k = " + PlacementCase.literal(keyValue.get(e.getKey())) + ": expected ids "
                            + e.getValue() + ", got " + ids);
                }
            }
        }
        assertThat(wrong).as("rows read back by key through the proxy (" + options + ")").isEmpty();
    }

    /**
     * Cross-shard reads (scatter and merge): IN lists spanning shards, COUNT, ORDER BY with LIMIT, and for the
     * strategies that prune ranges a range condition.
     */
    private static void readBackAcrossShards(PlacementCase table) throws SQLException {
        try (Connection c = proxy.connect("")) {
            for (int from = 0; from < PlacementCase.ROWS; from += IN_LIST) {
                List<Integer> ids = IntStream.range(from, from + IN_LIST).boxed().toList();
                TreeSet<Integer> expected = new TreeSet<>();
                for (int id = 0; id < PlacementCase.ROWS; id++) {
                    // rows sharing a key with one of the listed rows (region) come too
                    Object key = table.key().apply(id);
                    if (ids.stream().anyMatch(i -> KeyValues.canonical(table.key().apply(i)).equals(KeyValues.canonical(key)))) {
                        expected.add(id);
                    }
                }
                String in = ids.stream().map(table::keyLiteral).collect(Collectors.joining(", "));
                assertThat(ResultText.query(c, "SELECT id FROM " + table.table() + " WHERE k IN (" + in + ") ORDER BY id"))
                        .as("IN list of rows " + from + ".." + (from + IN_LIST - 1))
                        .containsExactlyElementsOf(expected.stream().map(String::valueOf).toList());
            }
            assertThat(ResultText.query(c, "SELECT COUNT(*) FROM " + table.table())).containsExactly("1000");
            assertThat(ResultText.query(c, "SELECT id FROM " + table.table() + " ORDER BY id LIMIT 5 OFFSET 495"))
                    .containsExactly("495", "496", "497", "498", "499");
            String range = switch (table.table()) {
                case "rg" -> "k BETWEEN 240 AND 510";
                case "tm" -> "k >= '2024-06-15 00:00:00' AND k < '2024-07-15 00:00:00'";
                default -> null;
            };
            if (range != null) {
                List<String> expected = IntStream.range(0, PlacementCase.ROWS).filter(id -> inRange(table, id))
                        .mapToObj(String::valueOf).toList();
                assertThat(expected).isNotEmpty();
                assertThat(ResultText.query(c, "SELECT id FROM " + table.table() + " WHERE " + range + " ORDER BY id"))
                        .as(range).containsExactlyElementsOf(expected);
            }
        }
    }

    private static boolean inRange(PlacementCase table, int id) {
        return switch (table.key().apply(id)) {
            case Long k -> k >= 240 && k <= 510;
            case LocalDateTime t -> !t.isBefore(LocalDateTime.of(2024, 6, 15, 0, 0)) && t.isBefore(LocalDateTime.of(2024, 7, 15, 0, 0));
            default -> throw new IllegalArgumentException(table.toString());
        };
    }

    /** The lookup table's locator on ds0 records each key with the shard its row landed on. */
    private static void assertLocatorAgrees(PlacementCase table, ShardStrategy strategy) throws SQLException {
        Map<String, Integer> recorded = new HashMap<>();
        try (Connection c = proxy.direct(0, ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT k, shard FROM locator_lk")) {
            while (rs.next()) {
                recorded.put(rs.getString(1), rs.getInt(2));
            }
        }
        Map<String, Integer> expected = new HashMap<>();
        for (int id = 0; id < PlacementCase.ROWS; id++) {
            Object key = table.key().apply(id);
            expected.put(KeyValues.canonical(key), strategy.shardOf(key));
        }
        assertThat(recorded).as("locator_lk on ds0").isEqualTo(expected);
    }

    /** SHOW TABLES, DESCRIBE and SHOW CREATE TABLE through the proxy name the logical table, never a shard. */
    private static void assertMetadataIsLogical(String logical, TableTopology topology) throws SQLException {
        List<String> physical = topology.locations().stream().map(ShardLocation::physicalTable).toList();
        try (Connection c = proxy.connect("")) {
            assertThat(ResultText.query(c, "SHOW TABLES")).contains(logical).doesNotContainAnyElementsOf(physical);
            assertThat(ResultText.query(c, "DESCRIBE " + logical).stream().map(r -> r.split("\\|")[0]))
                    .containsExactly("id", "k", "payload");
            List<String> create = ResultText.query(c, "SHOW CREATE TABLE " + logical);
            assertThat(create).hasSize(1);
            assertThat(create.getFirst()).startsWith(logical + "|CREATE TABLE `" + logical + "` (");
            physical.forEach(name -> assertThat(create.getFirst()).doesNotContain(name));
        }
    }

    private static void assertPhysicalTablesExactly(String logical, TableTopology topology) throws SQLException {
        Map<String, TreeSet<String>> expected = new LinkedHashMap<>();
        for (int n = 0; n < 2; n++) {
            expected.put(BackendTables.node(n), new TreeSet<>());
        }
        topology.locations().forEach(l -> expected.get(l.node()).add(l.physicalTable()));
        assertThat(backendTables.tablesOf(logical)).as("physical tables of " + logical + " per node")
                .isEqualTo(expected);
    }

    private static TableConfig tableConfig(String name) {
        ShardgateConfig config = proxy.server().config();
        return config.schema(SCHEMA).flatMap(s -> s.table(name)).orElseThrow();
    }
}
