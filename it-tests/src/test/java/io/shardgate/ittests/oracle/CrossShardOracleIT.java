package io.shardgate.ittests.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.oracle.OutcomeComparison.Status;
import io.shardgate.ittests.oracle.OutcomeComparison.Verdict;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.proxy.protocol.MysqlError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 6's correctness oracle: one random data set ({@link DataSet}) is loaded through the proxy into
 * sharded tables and directly into one unsharded database on primary 0; every corpus query
 * ({@code oracle/corpus.txt}) runs against both, as text, as client-side and as server-side prepared
 * statements, and the proxy must answer what the single server answers: the same rows (as lists when the
 * query orders fully, else as multisets), the same column labels, JDBC types and scales. Queries the proxy
 * refuses must get exactly the error {@code docs/sql-support.md} lists for them. The summary (also in
 * {@code target/oracle-report.txt}) lists every failure with its first differing row.
 *
 * <p>Rerun with another data set: {@code -Doracle.seed=N}; only some corpus lines: {@code -Doracle.lines=12,40}.
 */
@ExtendWith(SharedBackends.class)
class CrossShardOracleIT {

    private static final String SCHEMA = "oracle_it";
    private static final String REFERENCE = "oracle_ref";
    private static final int ROWS_PER_INSERT = 50;
    private static final String CONNECTION_OPTIONS = "socketTimeout=60000";

    private static Backends backends;
    private static ProxyFixture proxy;
    private static List<CorpusEntry> corpus;
    private static OracleReport report;
    private static List<TableRows> data;
    private static final Map<Mode, Connection> proxyConnections = new EnumMap<>(Mode.class);
    private static final Map<Mode, Connection> referenceConnections = new EnumMap<>(Mode.class);

    @BeforeAll
    static void load(Backends shared) throws SQLException {
        backends = shared;
        long seed = Long.getLong("oracle.seed", 20250601L);
        corpus = Corpus.load();
        String lines = System.getProperty("oracle.lines", "");
        if (!lines.isBlank()) {
            Set<Integer> only = Arrays.stream(lines.split(",")).map(String::strip).map(Integer::valueOf)
                    .collect(Collectors.toSet());
            corpus = corpus.stream().filter(e -> only.contains(e.line())).toList();
        }
        report = new OracleReport(seed, corpus.size());
        data = DataSet.generate(seed);
        proxy = ProxyFixture.start(shared, SCHEMA, OracleSchema.SCHEMAS_YAML);
        try (Connection c = root(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + REFERENCE);
            s.execute("CREATE DATABASE " + REFERENCE);
        }
        try (Connection viaProxy = proxy.connect(""); Connection reference = referenceConnection("")) {
            for (String ddl : OracleSchema.CREATE_TABLES) {
                execute(viaProxy, ddl);
                execute(reference, ddl);
            }
            for (TableRows table : data) {
                for (String insert : table.inserts(ROWS_PER_INSERT)) {
                    execute(viaProxy, insert);
                    execute(reference, insert);
                }
            }
        }
        assertShardsHoldEveryRow();
    }

    @AfterAll
    static void stop() throws SQLException, IOException {
        if (report != null) {
            String summary = report.summary();
            System.out.println(summary);
            Path file = Path.of("target", "oracle-report.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, summary, StandardCharsets.UTF_8);
        }
        for (Connection c : proxyConnections.values()) {
            c.close();
        }
        for (Connection c : referenceConnections.values()) {
            c.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (backends != null) {
            try (Connection c = root(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + REFERENCE);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyQueryAnswersAsOneServerWould() {
        return Arrays.stream(Mode.values()).flatMap(mode -> corpus.stream()
                .filter(e -> mode == Mode.TEXT || !e.textOnly())
                .map(e -> DynamicTest.dynamicTest(mode + " line " + e.line() + ": " + e.sql(), () -> check(mode, e))));
    }

    /** Every refused corpus query is listed in the doc with the exact error, and the doc lists nothing else. */
    @Test
    void docsListExactlyTheRefusedQueries() throws SQLException {
        Map<String, String> documented = SqlSupportDoc.refusedQueries(SqlSupportDoc.locate());
        List<String> problems = new ArrayList<>();
        List<CorpusEntry> refused = Corpus.load().stream().filter(CorpusEntry::expectsError).toList();
        for (CorpusEntry e : refused) {
            QueryOutcome outcome = QueryOutcome.run(proxyConnection(Mode.TEXT), Mode.TEXT, e.sql());
            String actual = outcome.failed() ? SqlSupportDoc.errorLine(outcome.error()) : outcome.rows().size() + " rows";
            String listed = documented.get(e.sql());
            if (listed == null) {
                problems.add("not in " + SqlSupportDoc.FILE + ": - `" + e.sql() + "`\n  " + actual);
            } else if (!listed.equals(actual)) {
                problems.add("line " + e.line() + ": the doc says [" + listed + "], the proxy answers [" + actual + "]");
            }
        }
        Set<String> inCorpus = refused.stream().map(CorpusEntry::sql).collect(Collectors.toSet());
        documented.keySet().stream().filter(q -> !inCorpus.contains(q))
                .forEach(q -> problems.add("listed in the doc but not an 'error' entry of the corpus: " + q));
        assertThat(problems).as("docs/sql-support.md vs the corpus").isEmpty();
        assertThat(refused).as("refused queries in the corpus").isNotEmpty();
    }

    private static void check(Mode mode, CorpusEntry entry) throws SQLException {
        Connection reference = referenceConnection(mode);
        Connection viaProxy = proxyConnection(mode);
        long start = System.nanoTime();
        QueryOutcome expected = QueryOutcome.run(reference, mode, entry.sql());
        long referenceDone = System.nanoTime();
        QueryOutcome actual = QueryOutcome.run(viaProxy, mode, entry.sql());
        long proxyDone = System.nanoTime();
        if (actual.failed()) {
            // every refusal and error of the corpus: words for the client, never the proxy's class names
            assertThat(MysqlError.namesJavaClass(actual.error().message())).as("%s%n%s", entry.sql(), actual.error())
                    .isFalse();
        }
        Verdict verdict = OutcomeComparison.judge(entry, expected, actual);
        report.add(new OracleReport.Run(mode, entry, verdict, expected, actual, (referenceDone - start) / 1_000_000,
                (proxyDone - referenceDone) / 1_000_000));
        if (verdict.status() == Status.FAIL) {
            Assertions.fail(describe(verdict) + "\n  reference: " + expected + "\n  proxy:     " + actual);
        }
    }

    private static String describe(Verdict v) {
        return (v.data() == null ? "" : "data: " + v.data()) + (v.data() != null && v.metadata() != null ? "; " : "")
                + (v.metadata() == null ? "" : "metadata: " + v.metadata());
    }

    /** The load went where it should: each sharded table's physical tables together hold all its rows. */
    private static void assertShardsHoldEveryRow() throws SQLException {
        for (TableRows table : data) {
            long total = 0;
            for (int p = 0; p < backends.primaries().size(); p++) {
                try (Connection c = proxy.direct(p, ""); Statement s = c.createStatement();
                     ResultSet tables = c.getMetaData().getTables(SCHEMA, null, table.table() + "%", null)) {
                    List<String> names = new ArrayList<>();
                    while (tables.next()) {
                        String name = tables.getString("TABLE_NAME");
                        if (name.equals(table.table()) || name.matches(table.table() + "_\\d{4,6}")) {
                            names.add(name);
                        }
                    }
                    for (String name : names) {
                        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + name)) {
                            rs.next();
                            total += rs.getLong(1);
                        }
                    }
                }
            }
            long copies = table.table().equals("countries") ? backends.primaries().size() : 1;
            assertThat(total).as("rows of %s on the backends", table.table()).isEqualTo(copies * table.rows().size());
        }
    }

    private static Connection proxyConnection(Mode mode) throws SQLException {
        Connection c = proxyConnections.get(mode);
        if (c == null || c.isClosed()) { // a proxy failure may have closed it: the next query gets a new one
            c = proxy.connect(CONNECTION_OPTIONS + "&" + mode.urlOptions());
            proxyConnections.put(mode, c);
        }
        return c;
    }

    private static Connection referenceConnection(Mode mode) throws SQLException {
        Connection c = referenceConnections.get(mode);
        if (c == null || c.isClosed()) {
            c = referenceConnection(CONNECTION_OPTIONS + "&" + mode.urlOptions());
            referenceConnections.put(mode, c);
        }
        return c;
    }

    private static Connection referenceConnection(String options) throws SQLException {
        BackendEndpoint p = backends.primary(0);
        return DriverManager.getConnection(p.jdbcUrl(REFERENCE) + (options.isEmpty() ? "" : "?" + options),
                "root", p.rootPassword());
    }

    private static Connection root() throws SQLException {
        BackendEndpoint p = backends.primary(0);
        return DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new SQLException("failed: " + sql.substring(0, Math.min(200, sql.length())) + ": " + e.getMessage(),
                    e.getSQLState(), e.getErrorCode(), e);
        }
    }
}
