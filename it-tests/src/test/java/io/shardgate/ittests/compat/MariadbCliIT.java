package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code mariadb} command-line client through the proxy prints what it prints against the backend
 * directly (same database, same statements), apart from what names the server: host, port, version, user.
 * Plain runs pass {@code --skip-ssl} on both sides (the client would otherwise use the proxy's TLS).
 */
@ExtendWith(SharedBackends.class)
class MariadbCliIT {

    private static final String SCHEMA = "compat_cli";

    @TempDir
    static Path dir;
    private static CompatProxy proxy;
    private static MariadbCli viaProxy;
    private static MariadbCli direct;

    @BeforeAll
    static void start(Backends backends) throws Exception {
        proxy = CompatProxy.start(backends, SCHEMA, TestCertificate.generate(dir).yaml(false), false);
        viaProxy = new MariadbCli(proxy.port(), CompatProxy.USER, CompatProxy.PASSWORD);
        BackendEndpoint backend = proxy.backend();
        direct = new MariadbCli(backend.port(), backend.user(), backend.password());
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
    }

    /** Both clients, same options: the proxy's run must equal the direct one. */
    private static MariadbCli.Run same(String... options) throws Exception {
        MariadbCli.Run expected = direct.run(options);
        MariadbCli.Run actual = viaProxy.run(options);
        assertThat(actual.stdout()).as("stdout of %s", List.of(options)).isEqualTo(expected.stdout());
        assertThat(actual.stderr()).as("stderr of %s", List.of(options)).isEqualTo(expected.stderr());
        assertThat(actual.exitCode()).as("exit code of %s", List.of(options)).isEqualTo(expected.exitCode());
        return actual;
    }

    @Test
    void batchOfStatements() throws Exception {
        MariadbCli.Run run = same("--skip-ssl", SCHEMA, "-e", """
                CREATE TABLE cli (id INT PRIMARY KEY, name VARCHAR(20), amount DECIMAL(6,2));
                INSERT INTO cli VALUES (1, 'one', 1.50), (2, NULL, -2), (3, 'três', 0);
                SELECT * FROM cli ORDER BY id;
                UPDATE cli SET amount = amount * 2 WHERE id < 3;
                SELECT id, amount FROM cli WHERE amount <> 0 ORDER BY id;
                SELECT COUNT(*), SUM(amount) FROM cli;
                DROP TABLE cli""");
        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).contains("1\tone\t1.50", "2\tNULL\t-2.00", "3\ttrês\t0.00", "2\t-4.00");
        // table format and vertical format go through the same result, printed differently
        same("--skip-ssl", "-t", SCHEMA, "-e", "SELECT 1 AS a, 'x' AS b, NULL AS c");
        same("--skip-ssl", "-E", SCHEMA, "-e", "SELECT 1 AS a, 'x' AS b");
    }

    /** DELIMITER is the client's: the server (here the proxy) gets each compound statement whole. */
    @Test
    void storedProgramsWithDelimiter() throws Exception {
        MariadbCli.Run run = same("--skip-ssl", SCHEMA, "-N", "-e", """
                DROP PROCEDURE IF EXISTS cli_proc;
                DROP FUNCTION IF EXISTS cli_twice;
                DELIMITER //
                CREATE PROCEDURE cli_proc(IN n INT)
                BEGIN
                  DECLARE i INT DEFAULT 0;
                  counting: LOOP
                    SET i = i + 1;
                    IF i >= n THEN LEAVE counting; END IF;
                  END LOOP counting;
                  CASE WHEN i > 2 THEN SELECT 'many', i; ELSE SELECT 'few', i; END CASE;
                END //
                CREATE FUNCTION cli_twice(x INT) RETURNS INT DETERMINISTIC
                BEGIN
                  DECLARE r INT;
                  SET r = x * 2;
                  RETURN r;
                END//
                BEGIN NOT ATOMIC
                  DECLARE v INT DEFAULT 7;
                  SELECT cli_twice(v);
                END//
                DELIMITER ;
                CALL cli_proc(3);
                CALL cli_proc(1);
                DROP PROCEDURE cli_proc;
                DROP FUNCTION cli_twice""");
        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).containsExactly("14", "many\t3", "few\t1");
    }

    @Test
    void commentsAreKeptWithDashC() throws Exception {
        String sql = "SELECT /* kept */ INFO FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()";
        MariadbCli.Run kept = same("--skip-ssl", "-c", "-N", SCHEMA, "-e", sql);
        assertThat(kept.stdout()).contains("/* kept */");
        MariadbCli.Run stripped = same("--skip-ssl", "-N", SCHEMA, "-e", sql);
        assertThat(stripped.stdout()).doesNotContain("kept");
    }

    @Test
    void useSwitchesSchemas() throws Exception {
        MariadbCli.Run run = same("--skip-ssl", SCHEMA, "-N", "-e",
                "SELECT DATABASE(); USE information_schema; SELECT DATABASE(); "
                        + "SELECT COUNT(*) > 0 FROM TABLES WHERE TABLE_NAME = 'TABLES'; USE " + SCHEMA
                        + "; SELECT DATABASE()");
        assertThat(run.lines()).containsExactly(SCHEMA, "information_schema", "1", SCHEMA);
        same("--skip-ssl", "-N", "-e", "USE " + SCHEMA + "; SELECT DATABASE()");
        same("--skip-ssl", "information_schema", "-N", "-e", "SELECT DATABASE()");
    }

    @Test
    void showDatabasesListsTheLogicalSchemas() throws Exception {
        MariadbCli.Run run = viaProxy.run("--skip-ssl", "-e", "SHOW DATABASES");
        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).containsExactly("Database", "information_schema", SCHEMA);
    }

    @Test
    void errorsGiveTheServersMessageAndExitCode() throws Exception {
        MariadbCli.Run run = same("--skip-ssl", SCHEMA, "-e", "SELECT 1; SELECT * FROM no_such_table; SELECT 3");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEqualTo("1\n1\n");
        assertThat(run.stderr()).contains("ERROR 1146 (42S02) at line 1: Table 'compat_cli.no_such_table' doesn't exist");
        same("--skip-ssl", SCHEMA, "-e", "SELEC 1");
        same("--skip-ssl", "no_such_db", "-e", "SELECT 1");
        MariadbCli.Run denied = new MariadbCli(proxy.port(), CompatProxy.USER, "wrong").run("--skip-ssl", "-e", "SELECT 1");
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.stderr()).contains("ERROR 1045 (28000): Access denied for user 'app'@'127.0.0.1' (using password: YES)");
    }

    @Test
    void statusMatchesApartFromWhatNamesTheServer() throws Exception {
        MariadbCli.Run proxied = viaProxy.run("--skip-ssl", SCHEMA, "-e", "\\s");
        MariadbCli.Run expected = direct.run("--skip-ssl", SCHEMA, "-e", "\\s");
        assertThat(proxied.exitCode()).isZero();
        Map<String, String> p = status(proxied);
        Map<String, String> d = status(expected);
        // what differs by design: who answers, as whom, since when, and the charset the client picked
        // for a server that says it is MySQL 8 (utf8mb4) rather than MariaDB
        Set<String> serverSpecific = Set.of("Connection id", "Current user", "Server", "Server version", "TCP port",
                "Uptime", "Threads", "Questions", "Slow queries", "Opens", "Open tables", "Queries per second avg",
                "Client characterset", "Conn.  characterset", "Server characterset",
                "Db     characterset");
        Map<String, String> comparable = new TreeMap<>(d);
        comparable.keySet().removeAll(serverSpecific);
        assertThat(p).containsAllEntriesOf(comparable);
        assertThat(p.get("Current database")).isEqualTo(SCHEMA);
        assertThat(p.get("Current user")).startsWith("app@");
        assertThat(p.get("Server version")).contains("shardgate");
        assertThat(p.get("SSL")).isEqualTo("Not in use");
        assertThat(p.get("Threads")).as("COM_STATISTICS answer").isNotBlank();
    }

    @Test
    void sslOption() throws Exception {
        MariadbCli.Run run = viaProxy.run("--ssl", SCHEMA, "-e", "\\s");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(status(run).get("SSL")).startsWith("Cipher in use is");
        MariadbCli.Run query = viaProxy.run("--ssl", SCHEMA, "-N", "-e", "SELECT 40 + 2");
        assertThat(query.stdout()).isEqualTo("42\n");
    }

    /** {@code \s} output as "key: value" pairs (the statistics line is split on its double spaces). */
    private static Map<String, String> status(MariadbCli.Run run) {
        Map<String, String> values = new TreeMap<>();
        for (String line : run.lines()) {
            if (line.startsWith("Threads:")) {
                for (String part : line.split(" {2}")) {
                    int colon = part.indexOf(':');
                    values.put(part.substring(0, colon).trim(), part.substring(colon + 1).trim());
                }
                continue;
            }
            int colon = line.indexOf(":\t");
            if (colon > 0) {
                values.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return values;
    }
}
