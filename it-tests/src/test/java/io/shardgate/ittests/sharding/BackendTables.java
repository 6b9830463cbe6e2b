package io.shardgate.ittests.sharding;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.router.topology.ShardLocation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Looks at the backends directly, past the proxy: which tables each node's schema database holds and which
 * rows sit in which physical table; waits for replicas to catch up. Nodes are named like {@link ProxyFixture} names them: {@code ds<i>} is
 * primary {@code i}.
 */
final class BackendTables {

    /** Where one row was found. */
    record Place(String node, String table) {
        static Place of(ShardLocation location) {
            return new Place(location.node(), location.physicalTable());
        }

        @Override
        public String toString() {
            return node + "/" + table;
        }
    }

    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private final ProxyFixture proxy;
    private final Backends backends;
    private final int nodes;

    BackendTables(ProxyFixture proxy, Backends backends) {
        this.proxy = proxy;
        this.backends = backends;
        this.nodes = backends.primaries().size();
    }

    /**
     * Waits until every replica applied what its primary wrote. Reads through the proxy outside a transaction
     * may go to a replica (ds0 has one), so a test that reads back its own writes waits first.
     */
    void awaitReplicas() {
        backends.replicas().forEach(r -> backends.awaitReplicaCaughtUp(r, CATCH_UP));
    }

    static String node(int primary) {
        return "ds" + primary;
    }

    static int primary(String node) {
        return Integer.parseInt(node.substring(2));
    }

    /** The tables of the schema's database on {@code node}, sorted. */
    TreeSet<String> tables(String node) throws SQLException {
        TreeSet<String> names = new TreeSet<>();
        try (Connection c = proxy.direct(primary(node), ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW TABLES")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Tables named {@code logical} or {@code logical_<suffix>} on every node: node -> names. */
    Map<String, TreeSet<String>> tablesOf(String logical) throws SQLException {
        Map<String, TreeSet<String>> result = new LinkedHashMap<>();
        for (int n = 0; n < nodes; n++) {
            TreeSet<String> mine = new TreeSet<>();
            for (String t : tables(node(n))) {
                if (t.equalsIgnoreCase(logical) || t.toLowerCase().startsWith(logical.toLowerCase() + "_")) {
                    mine.add(t);
                }
            }
            result.put(node(n), mine);
        }
        return result;
    }

    /**
     * Every row of every table named like {@code logical} on every node: the value of {@code idColumn} ->
     * every place it was found (more than one place is a misrouted or duplicated row).
     */
    Map<Integer, List<Place>> placesOf(String logical, String idColumn) throws SQLException {
        Map<Integer, List<Place>> places = new LinkedHashMap<>();
        for (Map.Entry<String, TreeSet<String>> node : tablesOf(logical).entrySet()) {
            try (Connection c = proxy.direct(primary(node.getKey()), ""); Statement s = c.createStatement()) {
                for (String table : node.getValue()) {
                    try (ResultSet rs = s.executeQuery("SELECT " + idColumn + " FROM `" + table + "`")) {
                        while (rs.next()) {
                            places.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>())
                                    .add(new Place(node.getKey(), table));
                        }
                    }
                }
            }
        }
        return places;
    }

    /**
     * Rows of {@code logical} that are not exactly at their expected place: missing, misplaced, duplicated, or
     * not expected at all. Empty when every row sits in exactly one place, the expected one.
     *
     * @param expected row id -> the one place the row belongs
     */
    List<String> misplaced(String logical, Map<Integer, Place> expected) throws SQLException {
        Map<Integer, List<Place>> found = placesOf(logical, "id");
        List<String> problems = new ArrayList<>();
        expected.forEach((id, want) -> {
            List<Place> places = found.getOrDefault(id, List.of());
            if (!places.equals(List.of(want))) {
                problems.add("id " + id + ": expected " + want + ", found " + places);
            }
        });
        found.keySet().stream().filter(id -> !expected.containsKey(id))
                .forEach(id -> problems.add("id " + id + ": unexpected row at " + found.get(id)));
        return problems;
    }

    /** The rows of one physical table as text, {@code columns} joined by '|', in id order. */
    List<String> rows(String node, String table, String columns, String orderBy) throws SQLException {
        try (Connection c = proxy.direct(primary(node), "")) {
            return ResultText.query(c, "SELECT " + columns + " FROM `" + table + "` ORDER BY " + orderBy);
        }
    }

    /** Column names of one physical table, in order. */
    List<String> columns(String node, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = proxy.direct(primary(node), ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW COLUMNS FROM `" + table + "`")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Index names of one physical table, each once. */
    TreeSet<String> indexes(String node, String table) throws SQLException {
        TreeSet<String> names = new TreeSet<>();
        try (Connection c = proxy.direct(primary(node), ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW INDEX FROM `" + table + "`")) {
            while (rs.next()) {
                names.add(rs.getString("Key_name"));
            }
        }
        return names;
    }
}
