package io.shardgate.ittests.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.router.keygen.SnowflakeLayout;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python applications through the proxy with PyMySQL as Debian ships it ({@code python3-pymysql}): client-side
 * bound parameters, {@code DEFAULT} for the generated key, {@code executemany}, a transaction rolled back and one
 * committed, a cross-shard read ({@code it-tests/src/test/python/pymysql_workload.py} asserts in Python); this
 * class checks each row where it landed, directly on each backend.
 */
@ExtendWith(SharedBackends.class)
class PyMySQLClientIT {

    private static final String SCHEMA = "pymysql_clients";
    private static final String SCHEMAS = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - {name: orders, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2],
                     key-generator: {column: order_id}}
            """;

    private static ProxyFixture proxy;
    private static Instant started;

    @TempDir
    Path dir;

    @BeforeAll
    static void start(Backends backends) throws Exception {
        started = Instant.now().minusSeconds(5);
        proxy = ProxyFixture.start(backends, SCHEMA, SCHEMAS);
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (order_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                    + "user_id BIGINT NOT NULL, note VARCHAR(64) CHARACTER SET utf8mb4 NOT NULL)");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** A python3 on the PATH that imports pymysql (a pyenv or venv python may not see Debian's package). */
    private static ExternalTool python() {
        List<String> tried = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(d, "python3");
            if (!Files.isExecutable(candidate) || tried.contains(candidate.toString())) {
                continue;
            }
            tried.add(candidate.toString());
            ExternalTool tool = new ExternalTool("python3", candidate);
            if (tool.run(Path.of("."), Map.of(), Duration.ofSeconds(30), "-c", "import pymysql").exitCode() == 0) {
                return tool;
            }
        }
        throw new AssertionError("no python3 on the PATH imports pymysql (tried " + tried + "), and this test drives "
                + "it: apt-get install -y python3-pymysql (.ci/run installs it on CI)");
    }

    private static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            for (String relative : List.of("it-tests/src/test/python", "src/test/python")) {
                Path candidate = d.resolve(relative).resolve("pymysql_workload.py");
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("pymysql_workload.py not found above " + Path.of("").toAbsolutePath());
    }

    /** One row as a backend holds it: its physical table's index, id, user and note. */
    record Row(int table, long id, long userId, String note) {
    }

    @Test
    void pymysqlWorkloadLandsWhereItShould() throws Exception {
        Path results = Files.createFile(dir.resolve("results.tsv"));
        ExternalTool.Result run = python().run(dir, Map.of("SHARDGATE_PORT", String.valueOf(proxy.port()),
                "SHARDGATE_USER", ProxyFixture.USER, "SHARDGATE_PASSWORD", ProxyFixture.PASSWORD,
                "SHARDGATE_DATABASE", SCHEMA, "RESULTS_FILE", results.toString(), "PYTHONIOENCODING", "utf-8"),
                Duration.ofMinutes(2), script().toString());
        assertThat(run.exitCode()).as("pymysql_workload.py:%n%s", run.output()).isZero();
        Map<String, String> reported = new HashMap<>();
        for (String line : Files.readAllLines(results)) {
            String[] f = line.split("\t");
            reported.put(f[0] + "/" + f[1], f[2]);
        }

        List<Row> rows = rows();
        assertThat(rows).extracting(Row::note).containsExactlyInAnyOrder("single-1", "single-2", "single-3",
                "single-4", "single-5", "single-6", "many-7", "many-8", "many-9", "many-10",
                "it's a \\ back'slash, ünïcode ✓", "committed");
        assertThat(reported.get("count/orders")).isEqualTo(Integer.toString(rows.size()));
        for (Row r : rows) {
            assertThat(r.table()).as("%s sits on user %d's shard", r.note(), r.userId()).isEqualTo(r.userId() % 4);
            assertThat(SnowflakeLayout.STANDARD.timestampOf(r.id())).as("%s got a snowflake id", r.note())
                    .isBetween(started, Instant.now().plus(Duration.ofMinutes(1)));
            String single = reported.get("id/" + r.note());
            if (single != null) {
                assertThat(single).as("the lastrowid PyMySQL reported for %s", r.note()).isEqualTo(Long.toString(r.id()));
            }
        }
        long first = Long.parseLong(reported.get("first/many"));
        List<Long> many = rows.stream().filter(r -> r.note().startsWith("many-"))
                .sorted(java.util.Comparator.comparingLong(Row::userId)).map(Row::id).toList();
        assertThat(many).as("executemany's rows: one block of ids from its lastrowid")
                .containsExactly(first, first + 1, first + 2, first + 3);
    }

    private static List<Row> rows() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            try (Connection c = proxy.direct(t < 2 ? 0 : 1, "characterEncoding=utf8"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT order_id, user_id, note FROM orders_000" + t)) {
                while (rs.next()) {
                    rows.add(new Row(t, rs.getLong(1), rs.getLong(2), rs.getString(3)));
                }
            }
        }
        return rows;
    }
}
