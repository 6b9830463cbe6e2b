package io.shardgate.ittests.scatter;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the backends are running right now, read from each server's process list as root: the statements
 * whose text contains a marker, so a test sees its own shard statements and nothing else.
 */
final class RunningQueries implements AutoCloseable {

    private final Map<BackendEndpoint, Connection> connections = new LinkedHashMap<>();

    RunningQueries(Backends backends) throws SQLException {
        List<BackendEndpoint> all = new ArrayList<>(backends.primaries());
        all.addAll(backends.replicas());
        for (BackendEndpoint b : all) {
            connections.put(b, DriverManager.getConnection(b.jdbcUrl(), "root", b.rootPassword()));
        }
    }

    /** Statements containing {@code marker} that a server is executing, per server (primaries first). */
    Map<BackendEndpoint, Integer> containing(String marker) throws SQLException {
        Map<BackendEndpoint, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<BackendEndpoint, Connection> e : connections.entrySet()) {
            try (PreparedStatement s = e.getValue().prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                    + " WHERE COMMAND = 'Query' AND ID <> CONNECTION_ID() AND INSTR(INFO, ?) > 0")) {
                s.setString(1, marker);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    counts.put(e.getKey(), rs.getInt(1));
                }
            }
        }
        return counts;
    }

    /** The total of {@link #containing}. */
    int total(String marker) throws SQLException {
        return containing(marker).values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public void close() throws SQLException {
        for (Connection c : connections.values()) {
            c.close();
        }
    }
}
