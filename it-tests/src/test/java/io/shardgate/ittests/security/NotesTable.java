package io.shardgate.ittests.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.proxy.ProxyFixture;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sharded table the security tests write hostile values into: {@code notes (id, owner, s)}, hash-mod on
 * {@code owner} over four physical tables, {@code notes_0000} and {@code _0001} on ds0, {@code _0002} and
 * {@code _0003} on ds1; and how to read what the backends hold, directly.
 */
final class NotesTable {

    /** The schema section; {@code extraTables} is appended to its table list, already indented. */
    static String schemas(String extraTables) {
        return """
                schemas:
                  - name: %s
                    default-node: ds0
                    tables:
                      - name: notes
                        shard-key: owner
                        strategy: hash-mod
                        nodes: [ds0, ds1]
                        locations: [2, 2]
                """ + extraTables;
    }

    static final String CREATE = "CREATE TABLE notes (id BIGINT PRIMARY KEY, owner INT NOT NULL, s VARCHAR(200)) "
            + "DEFAULT CHARSET utf8mb4";

    private NotesTable() {
    }

    /**
     * id -> HEX(s) of every row, read from each physical table on its backend; each row's owner must hash to
     * the table it is in, and no id may be in two.
     */
    static Map<Long, String> storedOnBackends(ProxyFixture proxy) throws SQLException {
        Map<Long, String> rows = new TreeMap<>();
        for (int node = 0; node < 2; node++) {
            try (Connection d = proxy.direct(node, ""); Statement s = d.createStatement()) {
                for (int t = 2 * node; t < 2 * node + 2; t++) {
                    try (ResultSet rs = s.executeQuery("SELECT id, HEX(s), owner FROM notes_000" + t)) {
                        while (rs.next()) {
                            long id = rs.getLong(1);
                            assertThat(rs.getLong(3) % 4).as("row %d of notes_000%d", id, t).isEqualTo(t);
                            assertThat(rows.put(id, rs.getString(2))).as("id %d in two shards", id).isNull();
                        }
                    }
                }
            }
        }
        return rows;
    }

    /** The UTF-8 bytes of {@code value} in hex, as {@code HEX()} prints a utf8mb4 column. */
    static String hex(String value) {
        return HexFormat.of().withUpperCase().formatHex(value.getBytes(StandardCharsets.UTF_8));
    }
}
