package io.shardgate.ittests.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Values that try to break out of their string literal, through the proxy, in each way a session can come
 * to read SQL without backslash escapes, by each path a value takes into shard SQL: bound parameters the
 * proxy writes into SQL itself (server-side prepared statements on a sharded or broadcast table), text the
 * driver escapes for the mode the proxy's status flags report (client-side prepared statements), and text an
 * application escapes itself for its mode, several statements in one query.
 *
 * <p>After every case each backend is read directly: every physical table holds exactly the rows the test
 * wrote, byte for byte (HEX), each in the shard its key names, and the victim table still exists everywhere.
 * What a row must hold is what the same statement stores on one MariaDB reached directly, in the same mode,
 * by the same driver: for bound parameters and correctly escaped text that is the value itself; for
 * Connector/J's own client-side escaping under NO_BACKSLASH_ESCAPES it is not (the driver doubles backslashes
 * there, direct or not), and the proxy must store what the server alone would.
 * The proxy once escaped bound values with backslashes whatever the session's sql_mode: a parameter
 * {@code \'; DROP TABLE victim; -- } then dropped a table.
 */
@ExtendWith(SharedBackends.class)
class InjectionIT {

    private static final List<String> PAYLOADS = List.of(
            "x\\' OR 1=1 -- ",
            "\\'; DROP TABLE victim; -- ",
            "it's",
            "ends with a backslash \\",
            "\\\\'",
            "'';DELETE FROM notes;--",
            "\"; DROP TABLE victim; --",
            "nul\0 newline\n cr\r ctrl-z\u001a tab\t",
            "中\\' OR 1=1 -- ",
            // in gbk, 乗 is 0x81 0x5C and 俓 0x82 0x5C: a server reading UTF-8 bytes as gbk, or the other way
            // round, can take the 0x5C for a backslash, or a backslash for half of a character
            "乗\\",
            "俓\\' OR 1=1 -- ",
            "乗' OR 1=1 -- ",
            "`victim`");

    private static final String REFERENCE = "injection_reference";

    private static ProxyFixture proxy;
    private static Backends backends;
    /** id -> HEX of the value s must hold, per logical table: what every backend must hold. */
    private static final Map<String, Map<Long, String>> expected = Map.of(
            "notes", new TreeMap<>(), "refs", new TreeMap<>(), "plain", new TreeMap<>());
    private static final AtomicLong ids = new AtomicLong(1000);

    /** How the session came to read SQL without backslash escapes (or does not). */
    enum Mode {
        DEFAULT(""),
        SET_SQL_MODE("SET sql_mode = 'NO_BACKSLASH_ESCAPES'"),
        SET_SESSION_CONCAT("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')"),
        SET_AT_AT("SET @@sql_mode := 'STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES'"),
        SET_AT_AT_SESSION("SET @@session.sql_mode = 'NO_BACKSLASH_ESCAPES,ANSI'"),
        /** the driver's own SET after connecting, from a connection property */
        CONNECTION_PROPERTY("");

        final String set;

        Mode(String set) {
            this.set = set;
        }

        boolean noBackslashEscapes() {
            return this != DEFAULT;
        }
    }

    @BeforeAll
    static void start(Backends shared) throws SQLException {
        backends = shared;
        proxy = ProxyFixture.start(shared, "injection_it", NotesTable.schemas("""
                      - name: refs
                        broadcast: true
                """));
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute(NotesTable.CREATE);
            s.execute("CREATE TABLE refs (id BIGINT PRIMARY KEY, s VARCHAR(200)) DEFAULT CHARSET utf8mb4");
            s.execute("CREATE TABLE plain (id BIGINT PRIMARY KEY, s VARCHAR(200)) DEFAULT CHARSET utf8mb4");
        }
        BackendEndpoint first = shared.primary(0);
        try (Connection root = DriverManager.getConnection(first.jdbcUrl(), "root", first.rootPassword());
             Statement s = root.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + REFERENCE);
            s.execute("CREATE DATABASE " + REFERENCE);
            s.execute("CREATE TABLE " + REFERENCE + ".notes (id BIGINT PRIMARY KEY, owner INT NOT NULL, "
                    + "s VARCHAR(200)) DEFAULT CHARSET utf8mb4");
        }
        for (int i = 0; i < shared.primaries().size(); i++) {
            try (Connection d = proxy.direct(i, ""); Statement s = d.createStatement()) {
                s.execute("CREATE TABLE victim (id INT PRIMARY KEY)");
                s.execute("INSERT INTO victim VALUES (1)");
            }
        }
        try (Connection c = proxy.connect("")) {
            for (long owner = 0; owner < 8; owner++) {
                insert(c, "notes", ids.incrementAndGet(), owner, "seed " + owner);
            }
            insert(c, "refs", 1, 0, "seed ref");
            insert(c, "plain", 1, 0, "seed plain");
        }
        assertBackendsHoldExactlyWhatWasWritten();
    }

    @AfterAll
    static void stop() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
        BackendEndpoint first = backends.primary(0);
        try (Connection root = DriverManager.getConnection(first.jdbcUrl(), "root", first.rootPassword());
             Statement s = root.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + REFERENCE);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void boundParametersOfServerSidePreparedStatementsStayValues(Mode mode) throws SQLException {
        try (Connection c = connect(mode, "useServerPrepStmts=true&cachePrepStmts=false")) {
            attack(c, mode, "useServerPrepStmts=true&cachePrepStmts=false");
        }
        for (String payload : PAYLOADS) {
            assertThat(expected.get("notes")).as("bound values are stored exactly").containsValue(hex(payload));
        }
        assertBackendsHoldExactlyWhatWasWritten();
        assertAFreshClientWorks();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void valuesTheDriverEscapesForTheReportedModeStayValues(Mode mode) throws SQLException {
        try (Connection c = connect(mode, "useServerPrepStmts=false")) {
            attack(c, mode, "useServerPrepStmts=false");
        }
        assertBackendsHoldExactlyWhatWasWritten();
        assertAFreshClientWorks();
    }

    /**
     * A client in gbk (its handshake names the charset): the proxy tells each backend connection to read gbk,
     * and writes bound values in gbk, so a character whose second byte is 0x5C stays one character.
     */
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"DEFAULT", "SET_SQL_MODE"})
    void gbkClientsAreReadAndWrittenInGbk(Mode mode) throws SQLException {
        for (String options : List.of("useServerPrepStmts=true&characterEncoding=GBK",
                "useServerPrepStmts=false&characterEncoding=GBK")) {
            try (Connection c = connect(mode, options)) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@character_set_client")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("gbk");
                }
                attack(c, mode, options);
            }
        }
        assertBackendsHoldExactlyWhatWasWritten();
        assertAFreshClientWorks();
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"DEFAULT", "SET_SQL_MODE", "SET_AT_AT_SESSION"})
    void textEscapedByTheApplicationForItsModeIsSplitAsTheServerSplitsIt(Mode mode) throws SQLException {
        try (Connection c = connect(mode, "allowMultiQueries=true"); Statement s = c.createStatement()) {
            for (String payload : PAYLOADS) {
                long id = ids.incrementAndGet();
                long owner = id % 8;
                String literal = literal(payload, mode.noBackslashEscapes());
                s.execute("INSERT INTO notes (id, owner, s) VALUES (" + id + ", " + owner + ", " + literal + "); "
                        + "UPDATE refs SET s = " + literal + " WHERE id = 1");
                expected.get("notes").put(id, hex(payload));
                expected.get("refs").put(1L, hex(payload));
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM notes WHERE s = " + literal)) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(payload).isEqualTo(count(hex(payload)));
                }
            }
        }
        assertBackendsHoldExactlyWhatWasWritten();
    }

    /** The server's own default is NO_BACKSLASH_ESCAPES: sessions start in it without any SET. */
    @Test
    void aServerDefaultOfNoBackslashEscapesIsFollowedFromTheFirstStatement() throws SQLException {
        List<String> globals = new ArrayList<>();
        for (BackendEndpoint p : backends.primaries()) {
            try (Connection root = DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
                 Statement s = root.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT @@GLOBAL.sql_mode")) {
                    rs.next();
                    globals.add(rs.getString(1));
                }
                s.execute("SET GLOBAL sql_mode = CONCAT(@@GLOBAL.sql_mode, ',NO_BACKSLASH_ESCAPES')");
            }
        }
        try (ProxyFixture fresh = ProxyFixture.start(backends, "injection_global", NotesTable.schemas(""))) {
            try (Connection c = fresh.connect("useServerPrepStmts=true"); Statement s = c.createStatement()) {
                s.execute(NotesTable.CREATE);
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO notes (id, owner, s) VALUES (?, ?, ?)")) {
                    for (int i = 0; i < PAYLOADS.size(); i++) {
                        insert.setLong(1, i);
                        insert.setLong(2, i);
                        insert.setString(3, PAYLOADS.get(i));
                        assertThat(insert.executeUpdate()).isEqualTo(1);
                    }
                }
                try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM notes WHERE s = ?")) {
                    for (String payload : PAYLOADS) {
                        count.setString(1, payload);
                        try (ResultSet rs = count.executeQuery()) {
                            rs.next();
                            assertThat(rs.getLong(1)).as(payload).isEqualTo(1);
                        }
                    }
                }
            }
            Map<Long, String> written = new TreeMap<>();
            for (int i = 0; i < PAYLOADS.size(); i++) {
                written.put((long) i, hex(PAYLOADS.get(i)));
            }
            assertThat(NotesTable.storedOnBackends(fresh)).isEqualTo(written);
        } finally {
            for (int i = 0; i < backends.primaries().size(); i++) {
                BackendEndpoint p = backends.primary(i);
                try (Connection root = DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
                     Statement s = root.createStatement()) {
                    s.execute("SET GLOBAL sql_mode = '" + globals.get(i) + "'");
                }
            }
        }
    }

    // ---------------------------------------------------------------- the attack

    private static void attack(Connection c, Mode mode, String options) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@sql_mode")) {
            rs.next();
            assertThat(rs.getString(1).contains("NO_BACKSLASH_ESCAPES")).as(mode.name())
                    .isEqualTo(mode.noBackslashEscapes());
        }
        try (Connection reference = reference(mode, options);
             PreparedStatement direct = reference.prepareStatement("INSERT INTO notes (id, owner, s) VALUES (?, ?, ?)");
             PreparedStatement insert = c.prepareStatement("INSERT INTO notes (id, owner, s) VALUES (?, ?, ?)");
             PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM notes WHERE s = ?");
             PreparedStatement scatterCount = c.prepareStatement("SELECT COUNT(*) FROM notes WHERE s = ? OR s = ?");
             PreparedStatement broadcast = c.prepareStatement("UPDATE refs SET s = ? WHERE id = ?");
             PreparedStatement unsharded = c.prepareStatement("UPDATE plain SET s = ? WHERE id = ?");
             PreparedStatement point = c.prepareStatement("SELECT HEX(s) FROM notes WHERE owner = ? AND s = ?")) {
            for (String payload : PAYLOADS) {
                long id = ids.incrementAndGet();
                long owner = id % 8;
                direct.setLong(1, id);
                direct.setLong(2, owner);
                direct.setString(3, payload);
                assertThat(direct.executeUpdate()).isEqualTo(1);
                String stored = storedByReference(reference, id);

                insert.setLong(1, id);
                insert.setLong(2, owner);
                insert.setString(3, payload);
                assertThat(insert.executeUpdate()).as(payload).isEqualTo(1);
                expected.get("notes").put(id, stored);

                count.setString(1, payload);
                assertThat(single(count)).as(payload).isEqualTo(count(stored));
                scatterCount.setString(1, payload);
                scatterCount.setString(2, "no such value");
                assertThat(single(scatterCount)).as(payload).isEqualTo(count(stored));

                point.setLong(1, owner);
                point.setString(2, payload);
                try (ResultSet rs = point.executeQuery()) {
                    assertThat(rs.next()).as(payload).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(stored);
                }

                broadcast.setString(1, payload);
                broadcast.setLong(2, 1);
                assertThat(broadcast.executeUpdate()).as(payload).isEqualTo(1);
                expected.get("refs").put(1L, stored);

                unsharded.setString(1, payload);
                unsharded.setLong(2, 1);
                assertThat(unsharded.executeUpdate()).as(payload).isEqualTo(1);
                expected.get("plain").put(1L, stored);
            }
        }
    }

    /**
     * A direct connection to the first backend's reference database (one table, no proxy), in the same mode
     * and with the same driver options as the proxy's client.
     */
    private static Connection reference(Mode mode, String options) throws SQLException {
        BackendEndpoint p = backends.primary(0);
        String all = mode == Mode.CONNECTION_PROPERTY
                ? options + "&sessionVariables=sql_mode='NO_BACKSLASH_ESCAPES'" : options;
        Connection c = DriverManager.getConnection(p.jdbcUrl(REFERENCE) + "?" + all, "root", p.rootPassword());
        if (!mode.set.isEmpty()) {
            try (Statement s = c.createStatement()) {
                s.execute(mode.set);
            }
        }
        return c;
    }

    private static String storedByReference(Connection reference, long id) throws SQLException {
        try (Statement s = reference.createStatement();
             ResultSet rs = s.executeQuery("SELECT HEX(s) FROM notes WHERE id = " + id)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static long single(PreparedStatement query) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** How many notes hold exactly these bytes, by the test's own record. */
    private static long count(String hex) {
        return expected.get("notes").values().stream().filter(hex::equals).count();
    }

    /** A string literal as an application escapes it for its mode. */
    private static String literal(String value, boolean noBackslashEscapes) {
        String quoted = noBackslashEscapes ? value.replace("'", "''")
                : value.replace("\\", "\\\\").replace("'", "\\'").replace("\0", "\\0");
        return "'" + quoted + "'";
    }

    private static Connection connect(Mode mode, String options) throws SQLException {
        String all = mode == Mode.CONNECTION_PROPERTY
                ? options + "&sessionVariables=sql_mode='NO_BACKSLASH_ESCAPES'" : options;
        Connection c = proxy.connect(all);
        if (!mode.set.isEmpty()) {
            try (Statement s = c.createStatement()) {
                s.execute(mode.set);
            }
        }
        return c;
    }

    private static void insert(Connection c, String table, long id, long owner, String value) throws SQLException {
        String sql = table.equals("notes") ? "INSERT INTO notes (id, owner, s) VALUES (?, ?, ?)"
                : "INSERT INTO " + table + " (id, s) VALUES (?, ?)";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            p.setLong(i++, id);
            if (table.equals("notes")) {
                p.setLong(i++, owner);
            }
            p.setString(i, value);
            p.executeUpdate();
        }
        expected.get(table).put(id, hex(value));
    }

    // ---------------------------------------------------------------- what the backends hold

    /**
     * Every backend, read directly: notes rows in the physical table their owner hashes to (owner mod 4;
     * tables 0 and 1 on ds0, 2 and 3 on ds1), a copy of refs on each node, plain on ds0, the victim on each,
     * and every value byte for byte what the test wrote.
     */
    private static void assertBackendsHoldExactlyWhatWasWritten() throws SQLException {
        for (int node = 0; node < 2; node++) {
            try (Connection d = proxy.direct(node, ""); Statement s = d.createStatement()) {
                assertThat(rows(s, "refs")).as("refs on ds" + node).isEqualTo(expected.get("refs"));
                assertThat(tableExists(s, "victim")).as("victim on ds" + node).isTrue();
                if (node == 0) {
                    assertThat(rows(s, "plain")).isEqualTo(expected.get("plain"));
                } else {
                    assertThat(tableExists(s, "plain")).as("plain only on the default node").isFalse();
                }
            }
        }
        assertThat(NotesTable.storedOnBackends(proxy)).isEqualTo(expected.get("notes"));
    }

    /** id -> HEX(s) of an unsharded table on one backend. */
    private static Map<Long, String> rows(Statement s, String table) throws SQLException {
        Map<Long, String> rows = new TreeMap<>();
        try (ResultSet rs = s.executeQuery("SELECT id, HEX(s) FROM " + table)) {
            while (rs.next()) {
                rows.put(rs.getLong(1), rs.getString(2));
            }
        }
        return rows;
    }

    private static boolean tableExists(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + table + "'")) {
            rs.next();
            return rs.getLong(1) == 1;
        }
    }

    private static String hex(String value) {
        return NotesTable.hex(value);
    }

    private static void assertAFreshClientWorks() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM notes")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(expected.get("notes").size());
        }
    }
}
