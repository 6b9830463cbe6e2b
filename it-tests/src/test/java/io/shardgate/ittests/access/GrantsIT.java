package io.shardgate.ittests.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.HostPort;
import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.proxy.server.ShardgateServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Grants through a real proxy and real backends: a {@code read-only} user, and a user whose schema list makes one
 * schema read-only and leaves the others out. Every refused write gets MySQL's error (1142 with the verb and the
 * table, 1370 for CALL, 1044 for a database), through text queries, multi-statements and server-side prepared
 * statements, and nothing changes on any backend (checked directly on each). Allowed statements still run, and the
 * unrestricted user is unaffected.
 */
@ExtendWith(SharedBackends.class)
class GrantsIT {

    private static final String SHOP = "grants_shop";
    private static final String ARCHIVE = "grants_archive";
    /** A database on the backend the proxy's config does not know. */
    private static final String SECRET = "grants_secret";

    private static Backends backends;
    private static ShardgateServer proxy;

    @BeforeAll
    static void start(Backends shared) throws SQLException {
        backends = shared;
        for (BackendEndpoint p : primaries()) {
            root(p, "DROP DATABASE IF EXISTS " + SHOP, "CREATE DATABASE " + SHOP,
                    "DROP DATABASE IF EXISTS " + ARCHIVE, "CREATE DATABASE " + ARCHIVE);
        }
        root(primaries().get(0), "DROP DATABASE IF EXISTS " + SECRET, "CREATE DATABASE " + SECRET,
                "CREATE TABLE " + SECRET + ".s (id INT)", "INSERT INTO " + SECRET + ".s VALUES (7)",
                "CREATE TABLE " + ARCHIVE + ".old (id INT PRIMARY KEY)", "INSERT INTO " + ARCHIVE + ".old VALUES (1)",
                "CREATE PROCEDURE " + SHOP + ".bump() INSERT INTO " + SHOP + ".plain VALUES (99)",
                "CREATE PROCEDURE " + ARCHIVE + ".bump() INSERT INTO " + ARCHIVE + ".old VALUES (99)");
        StringBuilder yaml = new StringBuilder("""
                proxy:
                  listen: 127.0.0.1:3307
                  users:
                    - {user: app, password: app-pw}
                    - {user: reader, password: reader-pw, read-only: true}
                    - {user: clerk, password: clerk-pw, schemas: [%s, {name: %s, read-only: true}]}
                nodes:
                """.formatted(SHOP, ARCHIVE));
        for (int i = 0; i < primaries().size(); i++) {
            BackendEndpoint p = primaries().get(i);
            yaml.append("  - {name: ds").append(i).append(", primary: '").append(p.address()).append("', user: ")
                    .append(p.user()).append(", password: '").append(p.password()).append("'}\n");
        }
        yaml.append("""
                schemas:
                  - name: %s
                    default-node: ds0
                    tables:
                      - {name: orders, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2]}
                  - {name: %s, default-node: ds0}
                """.formatted(SHOP, ARCHIVE));
        proxy = ShardgateServer.start(ConfigLoader.parse(yaml.toString(), "grants.yaml"), new HostPort("127.0.0.1", 0));
        try (Connection app = connect("app", "app-pw", SHOP, ""); Statement s = app.createStatement()) {
            s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT, amount INT)");
            s.execute("CREATE TABLE plain (id INT PRIMARY KEY)");
            s.execute("INSERT INTO orders (id, user_id, amount) VALUES (1, 1, 10), (2, 2, 20), (3, 3, 30), (4, 4, 40)");
            s.execute("INSERT INTO plain VALUES (1)");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
        for (BackendEndpoint p : primaries()) {
            root(p, "DROP DATABASE IF EXISTS " + SHOP, "DROP DATABASE IF EXISTS " + ARCHIVE);
        }
        root(primaries().get(0), "DROP DATABASE IF EXISTS " + SECRET);
    }

    private static List<BackendEndpoint> primaries() {
        return backends.primaries();
    }

    private static void root(BackendEndpoint p, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static Connection connect(String user, String password, String schema, String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + proxy.address().getPort() + "/" + schema
                + (options.isEmpty() ? "" : "?" + options), user, password);
    }

    /** Every row of the shop's and archive's tables on every backend, read directly: the state nothing may change. */
    private static List<String> backendState() throws SQLException {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < primaries().size(); i++) {
            BackendEndpoint p = primaries().get(i);
            try (Connection c = DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT table_schema, table_name FROM information_schema.tables WHERE"
                         + " table_schema IN ('" + SHOP + "', '" + ARCHIVE + "') ORDER BY 1, 2")) {
                List<String> tables = new ArrayList<>();
                while (rs.next()) {
                    tables.add(rs.getString(1) + "." + rs.getString(2));
                }
                for (String t : tables) {
                    try (Statement q = c.createStatement(); ResultSet r = q.executeQuery("SELECT * FROM " + t + " ORDER BY 1")) {
                        StringBuilder b = new StringBuilder("ds" + i + " " + t + ":");
                        while (r.next()) {
                            for (int col = 1; col <= r.getMetaData().getColumnCount(); col++) {
                                b.append(' ').append(r.getString(col));
                            }
                            b.append(';');
                        }
                        rows.add(b.toString());
                    }
                }
            }
        }
        return rows;
    }

    private static void assertDenied(Statement s, String sql, int code, String message) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.getSQLState()).isEqualTo("42000");
            if (message != null) {
                assertThat(e.getMessage()).isEqualTo(message);
            }
        });
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aReadOnlyUserReadsEverythingAndChangesNothing() throws Exception {
        List<String> before = backendState();
        try (Connection c = connect("reader", "reader-pw", SHOP, "allowMultiQueries=true");
             Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT COUNT(*) FROM orders")).isEqualTo(4);
            assertThat(count(s, "SELECT SUM(amount) FROM orders WHERE user_id IN (1, 3)")).isEqualTo(40);
            assertThat(count(s, "SELECT COUNT(*) FROM " + ARCHIVE + ".old")).isEqualTo(1);
            String who = "to user 'reader'@'127.0.0.1'";
            assertDenied(s, "INSERT INTO orders VALUES (5, 5, 50)", 1142, "INSERT command denied " + who + " for table 'orders'");
            assertDenied(s, "UPDATE orders SET amount = 0 WHERE user_id = 1", 1142,
                    "UPDATE command denied " + who + " for table 'orders'");
            assertDenied(s, "DELETE FROM plain", 1142, "DELETE command denied " + who + " for table 'plain'");
            assertDenied(s, "REPLACE INTO plain VALUES (1)", 1142, null);
            assertDenied(s, "SELECT * FROM orders WHERE user_id = 1 FOR UPDATE", 1142,
                    "SELECT with locking clause command denied " + who + " for table 'orders'");
            assertDenied(s, "SELECT * FROM plain LOCK IN SHARE MODE", 1142, null);
            assertDenied(s, "LOCK TABLES plain READ", 1142, "LOCK TABLES command denied " + who + " for table 'plain'");
            assertDenied(s, "CREATE TABLE t2 (id INT)", 1142, "CREATE command denied " + who + " for table 't2'");
            assertDenied(s, "ALTER TABLE plain ADD COLUMN x INT", 1142, null);
            assertDenied(s, "DROP TABLE plain", 1142, "DROP command denied " + who + " for table 'plain'");
            assertDenied(s, "TRUNCATE TABLE orders", 1142, "DROP command denied " + who + " for table 'orders'");
            assertDenied(s, "CREATE INDEX i ON plain (id)", 1142, "INDEX command denied " + who + " for table 'plain'");
            assertDenied(s, "LOAD DATA LOCAL INFILE '/dev/null' INTO TABLE plain", 1142, null);
            assertDenied(s, "CALL bump()", 1370, "execute command denied " + who + " for routine '" + SHOP + ".bump'");
            assertDenied(s, "DROP DATABASE " + ARCHIVE, 1044, "Access denied for user 'reader'@'127.0.0.1' to database '"
                    + ARCHIVE + "'");
            assertDenied(s, "/*+ shardgate node=ds1 */ DELETE FROM plain", 1142, null);
            assertDenied(s, "/*!40101 DELETE FROM plain */", 1142, null);
            // a multi-statement runs up to the refused statement, as MySQL does, and the refusal ends it
            assertDenied(s, "SELECT 1; INSERT INTO plain VALUES (2); INSERT INTO plain VALUES (3)", 1142, null);
            assertDenied(s, "SET @y = 2; UPDATE orders SET amount = 1", 1142, null);
            // transactions and session statements are reads' business too
            s.execute("BEGIN");
            assertThat(count(s, "SELECT COUNT(*) FROM plain")).isEqualTo(1);
            s.execute("COMMIT");
            s.execute("SET @x = 1");
        }
        // COM_STMT_PREPARE itself is refused (no client-side emulation to fall back on) ...
        try (Connection c = connect("reader", "reader-pw", SHOP, "useServerPrepStmts=true&emulateUnsupportedPstmts=false")) {
            assertThatThrownBy(() -> c.prepareStatement("INSERT INTO orders (id, user_id, amount) VALUES (?, ?, ?)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1142));
            assertThatThrownBy(() -> c.prepareStatement("UPDATE plain SET id = ? WHERE id = 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1142));
            try (PreparedStatement read = c.prepareStatement("SELECT amount FROM orders WHERE user_id = ?")) {
                read.setLong(1, 2);
                try (ResultSet rs = read.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(20);
                }
            }
        }
        // ... and so is the text a client-side prepared statement sends
        try (Connection c = connect("reader", "reader-pw", SHOP, "");
             PreparedStatement insert = c.prepareStatement("INSERT INTO plain VALUES (?)")) {
            insert.setInt(1, 5);
            assertThatThrownBy(insert::executeUpdate).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo(1142));
        }
        assertThat(backendState()).isEqualTo(before);
        assertUnrestrictedUserStillWrites();
    }

    @Test
    void aSchemaListMakesOneSchemaReadOnlyAndHidesTheRest() throws Exception {
        try (Connection c = connect("clerk", "clerk-pw", SHOP, ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO plain VALUES (40)");
            s.execute("INSERT INTO orders (id, user_id, amount) VALUES (40, 40, 400)");
            assertThat(count(s, "SELECT COUNT(*) FROM " + ARCHIVE + ".old")).isEqualTo(1);
            String who = "to user 'clerk'@'127.0.0.1'";
            assertDenied(s, "INSERT INTO " + ARCHIVE + ".old VALUES (2)", 1142, "INSERT command denied " + who
                    + " for table 'old'");
            assertDenied(s, "INSERT INTO plain SELECT id + 100 FROM " + SECRET + ".s", 1142, "SELECT command denied "
                    + who + " for table 's'");
            assertDenied(s, "SELECT * FROM " + SECRET + ".s", 1142, null);
            assertDenied(s, "SHOW TABLES FROM " + SECRET, 1044, null);
            assertDenied(s, "CALL " + ARCHIVE + ".bump()", 1370, null);
            assertDenied(s, "CREATE DATABASE grants_new", 1044, null);
            assertDenied(s, "USE " + SECRET, 1049, null); // not a configured schema at all
            s.execute("CALL bump()");
            s.execute("DELETE FROM plain WHERE id IN (40, 99)");
            s.execute("DELETE FROM orders WHERE id = 40");
        }
        try (Connection c = connect("clerk", "clerk-pw", ARCHIVE, ""); Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT COUNT(*) FROM old")).isEqualTo(1);
            assertDenied(s, "DELETE FROM old", 1142, "DELETE command denied to user 'clerk'@'127.0.0.1' for table 'old'");
        }
        try (Connection direct = DriverManager.getConnection(primaries().get(0).jdbcUrl(), "root",
                primaries().get(0).rootPassword()); Statement s = direct.createStatement()) {
            assertThat(count(s, "SELECT COUNT(*) FROM " + ARCHIVE + ".old")).isEqualTo(1);
            assertThat(count(s, "SELECT COUNT(*) FROM " + SHOP + ".plain")).isEqualTo(1);
        }
    }

    @Test
    void aRestrictedUserSeesAndKillsOnlyItsOwnSessions() throws Exception {
        try (Connection app = connect("app", "app-pw", SHOP, "");
             Connection reader = connect("reader", "reader-pw", SHOP, "");
             Connection reader2 = connect("reader", "reader-pw", SHOP, "");
             Statement s = reader.createStatement()) {
            long appId = connectionId(app);
            long reader2Id = connectionId(reader2);
            List<String> users = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SHOW PROCESSLIST")) {
                while (rs.next()) {
                    users.add(rs.getString("User"));
                }
            }
            assertThat(users).containsOnly("reader").hasSize(2);
            assertThatThrownBy(() -> s.execute("KILL " + appId)).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(1095);
                assertThat(e.getMessage()).isEqualTo("You are not owner of thread " + appId);
            });
            assertThat(app.isValid(5)).isTrue();
            s.execute("KILL " + reader2Id);
            assertThat(reader2.isValid(5)).isFalse();
            try (Statement a = app.createStatement(); ResultSet rs = a.executeQuery("SHOW PROCESSLIST")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                }
                assertThat(rows).as("an unrestricted user sees everyone").isGreaterThanOrEqualTo(2);
            }
        }
    }

    private static long connectionId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertUnrestrictedUserStillWrites() throws SQLException {
        try (Connection c = connect("app", "app-pw", SHOP, ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO plain VALUES (77)");
            assertThat(count(s, "SELECT COUNT(*) FROM plain WHERE id = 77")).isEqualTo(1);
            s.execute("DELETE FROM plain WHERE id = 77");
        }
    }
}
