package io.shardgate.ittests.reshard;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.XidEventData;
import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What RESHARD's catch-up relies on, checked against a harness MariaDB (ROW binlog, GTIDs): the binlog
 * client library starts from a MariaDB GTID position taken before some writes, sees nothing older, and decodes the
 * write, update and delete row events of the writes after it, with their table, values and the GTID of their
 * transaction. docs/resharding.md ("Facts") reports the result.
 */
@ExtendWith(SharedBackends.class)
class BinlogConnectorIT {

    private static final String SCHEMA = "binlog_check";

    @Test
    void startsAtAMariaDbGtidPositionAndDecodesRowEvents(Backends backends) throws Exception {
        BackendEndpoint primary = backends.primary(0);
        try (Connection c = DriverManager.getConnection(primary.jdbcUrl(), "root", primary.rootPassword());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + SCHEMA);
            s.execute("CREATE DATABASE " + SCHEMA);
            s.execute("CREATE TABLE " + SCHEMA + ".t (id BIGINT PRIMARY KEY, note VARCHAR(20), amount DECIMAL(8,2))");
            s.execute("INSERT INTO " + SCHEMA + ".t VALUES (1, 'before', 1.00)"); // before the position: not seen
            String position = single(s, "SELECT @@GLOBAL.gtid_binlog_pos");
            assertThat(position).matches("\\d+-\\d+-\\d+(,\\d+-\\d+-\\d+)*");

            List<String> seen = new CopyOnWriteArrayList<>();
            List<String> gtids = new CopyOnWriteArrayList<>();
            Map<Long, String> tables = new ConcurrentHashMap<>();
            BinaryLogClient client = new BinaryLogClient(primary.host(), primary.port(), primary.user(),
                    primary.password());
            client.setServerId(4_000_001);
            client.setGtidSet(position);
            client.setKeepAlive(false);
            client.registerEventListener((Event event) -> {
                EventData data = event.getData();
                switch (data) {
                    case MariadbGtidEventData g -> gtids.add(g.getDomainId() + "-" + g.getServerId() + "-"
                            + g.getSequence());
                    case TableMapEventData m -> tables.put(m.getTableId(), m.getDatabase() + "." + m.getTable());
                    case WriteRowsEventData w -> w.getRows().forEach(r -> seen.add("insert " + tables.get(w.getTableId())
                            + " " + text(r)));
                    case UpdateRowsEventData u -> u.getRows().forEach(r -> seen.add("update " + tables.get(u.getTableId())
                            + " " + text(r.getKey()) + " -> " + text(r.getValue())));
                    case DeleteRowsEventData d -> d.getRows().forEach(r -> seen.add("delete " + tables.get(d.getTableId())
                            + " " + text(r)));
                    case XidEventData x -> seen.add("commit");
                    case null, default -> {
                    }
                }
            });
            client.connect(10_000);
            try {
                s.execute("INSERT INTO " + SCHEMA + ".t VALUES (2, 'two', 2.50), (3, NULL, 3.00)");
                s.execute("UPDATE " + SCHEMA + ".t SET note = 'changed' WHERE id = 2");
                s.execute("DELETE FROM " + SCHEMA + ".t WHERE id = 3");
                String after = single(s, "SELECT @@GLOBAL.gtid_binlog_pos");
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (seen.stream().filter("commit"::equals).count() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(seen).containsExactly(
                        "insert binlog_check.t [2, two, 2.50]", "insert binlog_check.t [3, null, 3.00]", "commit",
                        "update binlog_check.t [2, two, 2.50] -> [2, changed, 2.50]", "commit",
                        "delete binlog_check.t [3, null, 3.00]", "commit");
                // the last transaction's GTID is the position the server reports after it
                assertThat(after).contains(gtids.getLast());
                assertThat(gtids).hasSize(3);
            } finally {
                client.disconnect();
                s.execute("DROP DATABASE " + SCHEMA);
            }
        }
    }

    /** A row image as text (a VARCHAR may arrive as bytes). */
    private static String text(Serializable[] row) {
        List<String> out = new ArrayList<>();
        for (Serializable v : row) {
            out.add(v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(v));
        }
        return out.toString();
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
