package io.shardgate.ittests.scatter;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A SELECT over a derived table whose rows span shards, evaluated in the proxy, inside a transaction: the
 * derived table's shards and the statement that types the result share the session's connections, and the
 * rows the transaction wrote are read back (the correctness oracle runs its queries outside transactions).
 */
@ExtendWith(SharedBackends.class)
class DerivedTableIT {

    private static final String SCHEMA = "derived_table_it";
    private static final String YAML = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - {name: sales, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2]}
            """;
    /** Per region, then over the regions: the groups of the derived table span all four shards. */
    private static final String PER_REGION = "SELECT t.region, t.total * 2 AS twice FROM (SELECT region, "
            + "SUM(amount) AS total FROM sales GROUP BY region) t WHERE t.total > ? ORDER BY twice DESC, t.region LIMIT ?";

    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = ProxyFixture.start(backends, SCHEMA, YAML);
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sales (id BIGINT NOT NULL PRIMARY KEY, region VARCHAR(8) NOT NULL, "
                    + "amount INT NOT NULL)");
            // ids 1..40: region r<id % 4>, amount id
            s.executeUpdate("INSERT INTO sales (id, region, amount) VALUES " + LongStream.rangeClosed(1, 40)
                    .mapToObj(i -> "(" + i + ", 'r" + (i % 4) + "', " + i + ")").collect(Collectors.joining(", ")));
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aTransactionReadsItsOwnRowsThroughTheDerivedTableAndRollsThemBack() throws SQLException {
        // r0: 4+8+...+40 = 220, r1: 1+5+...+37 = 190, r2: 200, r3: 210
        try (Connection c = proxy.connect("")) {
            assertThat(rows(c, 150, 10)).containsExactly("r0 440", "r3 420", "r2 400", "r1 380");
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO sales (id, region, amount) VALUES (41, 'r1', 100), (42, 'r9', 500)");
            }
            assertThat(rows(c, 200, 3)).containsExactly("r9 1000", "r1 580", "r0 440");
            c.rollback();
            c.setAutoCommit(true);
            assertThat(rows(c, 200, 3)).containsExactly("r0 440", "r3 420");
        }
    }

    private static List<String> rows(Connection c, int over, int limit) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(PER_REGION)) {
            p.setInt(1, over);
            p.setInt(2, limit);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.getMetaData().getColumnLabel(2)).isEqualTo("twice");
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
        }
        return out;
    }
}
