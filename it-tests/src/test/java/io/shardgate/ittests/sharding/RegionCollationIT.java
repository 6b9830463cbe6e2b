package io.shardgate.ittests.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A region key routes as the server compares it: under utf8mb4_general_ci {@code 'ÉAST' = 'east'}, so a row
 * written with an accented or upper-case spelling lands on east's shard (checked on every backend directly),
 * and a point read with any spelling finds every east row, as one server holding all rows would.
 */
@ExtendWith(SharedBackends.class)
class RegionCollationIT {

    private static final String SCHEMA = "region_collation_it";

    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = ProxyFixture.start(backends, SCHEMA, """
                schemas:
                  - name: %s
                    default-node: ds0
                    tables:
                      - name: people
                        shard-key: region
                        strategy: region
                        nodes: [ds0, ds1]
                        locations: [2, 2]
                        regions: {north: 0, south: 1, east: 2, west: 3}
                        default-shard: 0
                """, false);
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE people (id INT NOT NULL PRIMARY KEY, region VARCHAR(16) NOT NULL) "
                    + "CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void accentAndCaseVariantsOfARegionLiveAndReadOnItsShard() throws SQLException {
        try (Connection c = proxy.connect("characterEncoding=UTF-8"); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO people (id, region) VALUES (1, 'east'), (2, 'ÉAST'), (3, 'Èast '), (4, 'north')");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO people (id, region) VALUES (?, ?)")) {
                p.setInt(1, 5);
                p.setString(2, "éast");
                assertThat(p.executeUpdate()).isEqualTo(1);
            }
        }
        // east is shard 2: people_0002 on ds1; no east spelling anywhere else (the default shard included)
        assertThat(ids(1, "people_0002")).containsExactly("1", "2", "3", "5");
        assertThat(ids(0, "people_0000")).containsExactly("4");
        assertThat(ids(0, "people_0001")).isEmpty();
        assertThat(ids(1, "people_0003")).isEmpty();

        for (String spelling : List.of("east", "ÉAST", "éast", "EAST  ")) {
            try (Connection c = proxy.connect("characterEncoding=UTF-8");
                 PreparedStatement text = c.prepareStatement("SELECT id FROM people WHERE region = '" + spelling
                         + "' ORDER BY id")) {
                assertThat(ResultText.rows(text.executeQuery())).as("text read of %s", spelling)
                        .containsExactly("1", "2", "3", "5");
            }
            try (Connection c = proxy.connect("characterEncoding=UTF-8&useServerPrepStmts=true");
                 PreparedStatement p = c.prepareStatement("SELECT id FROM people WHERE region = ? ORDER BY id")) {
                p.setString(1, spelling);
                assertThat(ResultText.rows(p.executeQuery())).as("prepared read of %s", spelling)
                        .containsExactly("1", "2", "3", "5");
            }
        }
    }

    private static List<String> ids(int primary, String table) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = proxy.direct(primary, "characterEncoding=UTF-8"); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
