package io.shardgate.bench.heap;

import io.shardgate.harness.BackendServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts, on every node, the shard statements of the measured query running at this instant
 * ({@code information_schema.PROCESSLIST}), as root over connections held open for one stream. A merge that
 * streams has every shard reading at once (8 for 8 shards); shards that take turns on one connection show
 * fewer, and then the proxy sorts in memory. The count explains a heap number without reading the proxy's
 * code or logs.
 */
final class ShardReadCounter implements AutoCloseable {

    /** Statements on a physical table {@code t_0...} (backslash-underscore: a literal underscore in LIKE). */
    private static final String SHARD_READS = "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
            + " WHERE COMMAND = 'Query' AND ID <> CONNECTION_ID() AND INFO LIKE '%FROM %" + ShardLayout.TABLE
            + "\\_0%'";

    private final List<Connection> connections = new ArrayList<>();

    ShardReadCounter(List<BackendServer> nodes) throws SQLException {
        try {
            for (BackendServer node : nodes) {
                connections.add(DriverManager.getConnection(TableLoader.rootUrl(node, ""), node.rootUser().user(),
                        node.rootUser().password()));
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    /** Shard statements running now, over all nodes; -1 if a node could not be asked. */
    int runningNow() {
        int total = 0;
        for (Connection c : connections) {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(SHARD_READS)) {
                rs.next();
                total += rs.getInt(1);
            } catch (SQLException e) {
                return -1;
            }
        }
        return total;
    }

    @Override
    public void close() {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException e) {
                // a root connection of a benchmark: nothing to clean up on failure
            }
        }
    }
}
