package io.shardgate.bench.heap;

import io.shardgate.harness.BackendCluster;
import io.shardgate.harness.BackendServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Creates schema {@value ShardLayout#SCHEMA} and the physical tables directly on the backends, as root, and
 * fills them with {@code INSERT ... SELECT} from MariaDB's sequence engine: no row crosses the network, and
 * nodes load in parallel. Binary logging is off for these sessions (nothing replicates in this benchmark).
 */
final class TableLoader {

    /** The unsharded copy on node 0 that the direct reference reads. */
    static final String UNSHARDED = "t_all";

    private final BackendCluster cluster;
    private final ShardLayout layout;
    private final DataSet data;

    TableLoader(BackendCluster cluster, ShardLayout layout, DataSet data) {
        this.cluster = cluster;
        this.layout = layout;
        this.data = data;
    }

    static String rootUrl(BackendServer server, String schema) {
        return server.jdbcUrl(schema) + "?" + StreamingReader.streamingOptions(600);
    }

    /** Loads every shard on its node, plus {@link #UNSHARDED} on node 0 when asked; returns the row count. */
    long load(boolean unsharded) throws SQLException {
        List<List<String>> perNode = new ArrayList<>();
        for (int node = 0; node < layout.nodes(); node++) {
            perNode.add(new ArrayList<>());
        }
        for (int shard = 0; shard < layout.shards(); shard++) {
            String table = ShardLayout.physicalTable(shard);
            List<String> statements = perNode.get(layout.nodeOf(shard));
            statements.add(DataSet.createTable(table));
            statements.add(data.insertSelect(table, layout.shards(), shard));
        }
        if (unsharded) {
            perNode.get(0).add(DataSet.createTable(UNSHARDED));
            perNode.get(0).add(data.insertSelect(UNSHARDED, 1, 0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(layout.nodes());
        try {
            List<Future<?>> loads = new ArrayList<>();
            for (int node = 0; node < layout.nodes(); node++) {
                BackendServer server = cluster.primary(node);
                List<String> statements = perNode.get(node);
                loads.add(pool.submit(() -> {
                    run(server, statements);
                    return null;
                }));
            }
            for (Future<?> load : loads) {
                load.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while loading", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return countShardRows();
    }

    private static void run(BackendServer server, List<String> statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(rootUrl(server, ""), server.rootUser().user(),
                server.rootUser().password());
             Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("CREATE DATABASE " + ShardLayout.SCHEMA);
            s.execute("USE " + ShardLayout.SCHEMA);
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** Counts the rows of every physical table on its node: the load's own check. */
    private long countShardRows() throws SQLException {
        long total = 0;
        for (int shard = 0; shard < layout.shards(); shard++) {
            BackendServer server = cluster.primary(layout.nodeOf(shard));
            try (Connection c = DriverManager.getConnection(rootUrl(server, ShardLayout.SCHEMA),
                    server.rootUser().user(), server.rootUser().password());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + ShardLayout.physicalTable(shard))) {
                rs.next();
                total += rs.getLong(1);
            }
        }
        return total;
    }
}
