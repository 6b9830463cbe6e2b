package io.shardgate.ittests.scatter;

import static io.shardgate.ittests.scatter.ResultRows.row;
import static io.shardgate.ittests.scatter.ResultRows.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-shard reads end to end: a hash-mod table over 4 shards on 2 nodes ({@code items}, two shards per
 * node: outside a transaction each shard streams on a connection of its own, inside one they take turns on
 * the session's connection, see {@link ScatterConnectionsIT}) and one over 2 shards on 2 nodes
 * ({@code items2}, one per node). Rows are loaded through the proxy with Connector/J; every query's answer is
 * compared with the same answer computed in Java from the rows.
 */
@ExtendWith(SharedBackends.class)
class ScatterIT {

    private static final String SCHEMA = "scatter_it";
    private static final int ROWS = 3000;
    private static final String YAML = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - name: items
                    shard-key: id
                    strategy: hash-mod
                    nodes: [ds0, ds1]
                    locations: [2, 2]
                  - name: items2
                    shard-key: id
                    strategy: hash-mod
                    nodes: [ds0, ds1]
                    locations: [1, 1]
            """;
    private static final String COLUMNS = "(id BIGINT NOT NULL PRIMARY KEY, grp INT NOT NULL, amount DECIMAL(10,2) NULL, "
            + "price DOUBLE NULL, name VARCHAR(20) NOT NULL, created DATETIME(3) NULL) DEFAULT CHARSET=utf8mb4";

    private static final String INSERT_COLUMNS = "(id, grp, amount, price, name, created)";

    /** One generated row, as Java holds it. */
    private record Item(long id, int grp, BigDecimal amount, Double price, String name, LocalDateTime created) {
        String values() {
            return "(" + id + ", " + grp + ", " + (amount == null ? "NULL" : amount.toPlainString()) + ", "
                    + (price == null ? "NULL" : Double.toString(price)) + ", '" + name + "', "
                    + (created == null ? "NULL" : "'" + created.toString().replace('T', ' ') + "'") + ")";
        }
    }

    private static ProxyFixture proxy;
    private static final List<Item> items = new ArrayList<>();

    @BeforeAll
    static void load(Backends backends) throws SQLException {
        Random random = new Random(20251126L);
        LocalDateTime base = LocalDateTime.of(2025, 1, 1, 0, 0);
        for (long id = 1; id <= ROWS; id++) {
            BigDecimal amount = random.nextInt(10) == 0 ? null : BigDecimal.valueOf(random.nextInt(100_000), 2);
            Double price = random.nextInt(10) == 0 ? null : random.nextInt(1_000_000) / 64.0; // exact in binary
            LocalDateTime created = random.nextInt(10) == 0 ? null
                    : base.plusSeconds(random.nextInt(30_000_000)).plusNanos(random.nextInt(1000) * 1_000_000L);
            items.add(new Item(id, random.nextInt(7), amount, price, "n" + random.nextInt(50), created));
        }
        proxy = ProxyFixture.start(backends, SCHEMA, YAML);
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items " + COLUMNS);
            s.execute("CREATE TABLE items2 " + COLUMNS);
            for (int from = 0; from < ROWS; from += 100) {
                String values = items.subList(from, Math.min(ROWS, from + 100)).stream().map(Item::values)
                        .collect(Collectors.joining(", "));
                s.executeUpdate("INSERT INTO items " + INSERT_COLUMNS + " VALUES " + values);
                s.executeUpdate("INSERT INTO items2 " + INSERT_COLUMNS + " VALUES " + values);
            }
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static List<List<Object>> query(String sql) throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rows(rs);
        }
    }

    @Test
    void orderByIdReturnsEveryRowInOrder() throws SQLException {
        for (String table : List.of("items", "items2")) {
            List<List<Object>> expected = items.stream().map(i -> row(i.id(), i.name())).toList();
            assertThat(query("SELECT id, name FROM " + table + " ORDER BY id")).as(table).isEqualTo(expected);
        }
    }

    @Test
    void orderByWithOffsetAndLimit() throws SQLException {
        Comparator<Item> byAmountDescNullsLast = Comparator.comparing(Item::amount,
                Comparator.nullsFirst(Comparator.<BigDecimal>naturalOrder())).reversed()
                .thenComparing(Item::id);
        List<List<Object>> expected = items.stream().sorted(byAmountDescNullsLast).skip(5).limit(10)
                .map(i -> row(i.id(), i.amount())).toList();
        for (String table : List.of("items", "items2")) {
            assertThat(query("SELECT id, amount FROM " + table + " ORDER BY amount DESC, id LIMIT 5, 10")).as(table)
                    .isEqualTo(expected);
        }
    }

    @Test
    void groupByWithAggregates() throws SQLException {
        Map<Integer, List<Item>> groups = items.stream().collect(Collectors.groupingBy(Item::grp, TreeMap::new,
                Collectors.toList()));
        List<List<Object>> expected = new ArrayList<>();
        groups.forEach((grp, rows) -> {
            List<BigDecimal> amounts = rows.stream().map(Item::amount).filter(Objects::nonNull).toList();
            BigDecimal sum = amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            expected.add(row(grp, (long) rows.size(), (long) amounts.size(), sum,
                    sum.divide(BigDecimal.valueOf(amounts.size()), 6, RoundingMode.HALF_UP),
                    rows.stream().map(Item::name).min(Comparator.naturalOrder()).orElseThrow(),
                    rows.stream().map(Item::price).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElseThrow()));
        });
        for (String table : List.of("items", "items2")) {
            assertThat(query("SELECT grp, COUNT(*), COUNT(amount), SUM(amount), AVG(amount), MIN(name), MAX(price) FROM "
                    + table + " GROUP BY grp ORDER BY grp")).as(table).isEqualTo(expected);
        }
    }

    @Test
    void aggregatesWithoutGroupByAndHaving() throws SQLException {
        List<BigDecimal> amounts = items.stream().map(Item::amount).filter(Objects::nonNull).toList();
        BigDecimal sum = amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(query("SELECT COUNT(*), SUM(amount), AVG(amount) FROM items")).containsExactly(
                row((long) ROWS, sum, sum.divide(BigDecimal.valueOf(amounts.size()), 6, RoundingMode.HALF_UP)));

        Map<Integer, Long> counts = items.stream().collect(Collectors.groupingBy(Item::grp, TreeMap::new,
                Collectors.counting()));
        long threshold = counts.values().stream().sorted().toList().get(3);
        List<List<Object>> expected = counts.entrySet().stream().filter(e -> e.getValue() > threshold)
                .map(e -> row(e.getKey(), e.getValue())).toList();
        assertThat(expected).isNotEmpty();
        assertThat(query("SELECT grp, COUNT(*) AS c FROM items GROUP BY grp HAVING COUNT(*) > " + threshold
                + " ORDER BY grp")).isEqualTo(expected);
    }

    @Test
    void distinctValuesAndCountDistinct() throws SQLException {
        List<List<Object>> groups = new TreeSet<>(items.stream().map(Item::grp).toList()).descendingSet().stream()
                .map(g -> row(g)).toList();
        assertThat(query("SELECT DISTINCT grp FROM items ORDER BY grp DESC")).isEqualTo(groups);
        long names = items.stream().map(Item::name).distinct().count();
        assertThat(query("SELECT COUNT(DISTINCT name) FROM items")).containsExactly(row(names));
    }

    @Test
    void everyValueSurvivesTheMergeWhileStreaming() throws SQLException {
        Map<Long, Item> byId = items.stream().collect(Collectors.toMap(Item::id, Function.identity()));
        int seen = 0;
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.setFetchSize(Integer.MIN_VALUE); // Connector/J reads row by row: the proxy must stream
            try (ResultSet rs = s.executeQuery("SELECT id, grp, amount, price, name, created FROM items")) {
                while (rs.next()) {
                    Item item = byId.get(rs.getLong(1));
                    assertThat(item).isNotNull();
                    assertThat(rs.getInt(2)).isEqualTo(item.grp());
                    assertThat(rs.getBigDecimal(3)).isEqualTo(item.amount());
                    assertThat(rs.getObject(4)).isEqualTo(item.price());
                    assertThat(rs.getString(5)).isEqualTo(item.name());
                    assertThat(rs.getObject(6, LocalDateTime.class)).isEqualTo(item.created());
                    seen++;
                }
            }
        }
        assertThat(seen).isEqualTo(ROWS);
    }

    @Test
    void mergedColumnsCarryTheMetadataOneServerWouldSend() throws SQLException {
        String select = "SELECT grp, COUNT(*) AS n, AVG(amount) AS a, MAX(name) AS m, COUNT(DISTINCT name) AS d, "
                + "SUM(DISTINCT grp), MIN(created) FROM %s GROUP BY grp";
        try (Connection viaProxy = proxy.connect(""); Connection direct = proxy.direct(0, "");
             Statement p = viaProxy.createStatement(); Statement d = direct.createStatement();
             ResultSet merged = p.executeQuery(select.formatted("items"));
             ResultSet single = d.executeQuery(select.formatted("items_0000"))) {
            // a single server holding the logical table names it; the shard here is items_0000
            assertThat(metadata(merged.getMetaData())).isEqualTo(metadata(single.getMetaData()).stream()
                    .map(c -> c.replace(" table=items_0000 ", " table=items ")).toList());
            assertThat(merged.getMetaData().getTableName(1)).isEqualTo("items");
            assertThat(merged.getMetaData().getColumnType(2)).isEqualTo(Types.BIGINT);
            assertThat(merged.getMetaData().getScale(3)).isEqualTo(6);
        }
    }

    /** One-shard results (forwarded raw, or prepared on the shard) name the logical table too. */
    @ParameterizedTest
    @ValueSource(strings = {"", "useServerPrepStmts=true"})
    void oneShardResultsNameTheLogicalTable(String options) throws SQLException {
        try (Connection c = proxy.connect(options);
             PreparedStatement plain = c.prepareStatement("SELECT id, name FROM items WHERE id = ?");
             PreparedStatement aliased = c.prepareStatement("SELECT i.id FROM items i WHERE i.id = ?")) {
            plain.setLong(1, 3);
            aliased.setLong(1, 3);
            assertThat(plain.getMetaData().getTableName(1)).isEqualTo("items");
            try (ResultSet rs = plain.executeQuery(); ResultSet ra = aliased.executeQuery()) {
                assertThat(rs.getMetaData().getTableName(2)).isEqualTo("items");
                // Connector/J shows org_table (the alias only with useOldAliasMetadataBehavior)
                assertThat(ra.getMetaData().getTableName(1)).isEqualTo("items");
            }
        }
    }

    /** What a JDBC application sees of each column, except the display width (derived, see ClientColumns). */
    private static List<String> metadata(ResultSetMetaData md) throws SQLException {
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(md.getColumnLabel(i) + " name=" + md.getColumnName(i) + " table=" + md.getTableName(i)
                    + " type=" + md.getColumnTypeName(i) + " scale=" + md.getScale(i) + " nullable="
                    + md.isNullable(i) + " signed=" + md.isSigned(i) + " class=" + md.getColumnClassName(i));
        }
        return columns;
    }

    @Test
    void aShardErrorIsTheServersErrorAndTheConnectionLivesOn() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT no_such_column FROM items"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1054);
                        assertThat(e.getSQLState()).isEqualTo("42S22");
                    });
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM items")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(ROWS);
            }
        }
    }

    @Test
    void readsInATransactionSeeItsOwnWrites() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO items " + INSERT_COLUMNS + " VALUES (1000001, 0, 1.00, 1.0, 'tx', NULL), (1000002, 0, 1.00, 1.0, 'tx', NULL)");
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM items")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(ROWS + 2);
            }
            c.rollback();
            c.setAutoCommit(true);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM items")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(ROWS);
            }
        }
    }

    @Test
    void aScatterReadInsideAMultiStatementQuery() throws SQLException {
        try (Connection c = proxy.connect("allowMultiQueries=true"); Statement s = c.createStatement()) {
            assertThat(s.execute("SELECT COUNT(*) FROM items; SELECT MAX(id) FROM items2; SELECT 1")).isTrue();
            try (ResultSet rs = s.getResultSet()) {
                assertThat(rows(rs)).containsExactly(row((long) ROWS));
            }
            assertThat(s.getMoreResults()).isTrue();
            try (ResultSet rs = s.getResultSet()) {
                assertThat(rows(rs)).containsExactly(row((long) ROWS));
            }
            assertThat(s.getMoreResults()).isTrue();
            assertThat(s.getMoreResults()).isFalse();
        }
    }
}
