package io.shardgate.proxy.reshard;

import io.shardgate.config.NodeConfig;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.lookup.JdbcTls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Plain JDBC connections to nodes' primaries for a reshard's blocking work (copy, catch-up, checksums, cutover
 * locks), outside the proxy's pools so a reshard never takes a connection a client waits for. Each caller owns
 * and closes what it opens.
 */
final class NodeLinks {

    private final ShardgateConfig config;
    private final String schema;

    NodeLinks(ShardgateConfig config, String schema) {
        this.config = config;
        this.schema = schema;
    }

    NodeConfig node(String name) {
        return config.node(name).orElseThrow(() -> new IllegalStateException("node '" + name + "' is not configured"));
    }

    Connection open(String nodeName) throws SQLException {
        NodeConfig node = node(nodeName);
        String host = node.primary().host().indexOf(':') >= 0 ? "[" + node.primary().host() + "]" : node.primary().host();
        // rewriteBatchedStatements: a chunk's rows go out as one multi-row REPLACE
        String url = "jdbc:mysql://" + host + ":" + node.primary().port() + "/" + schema
                + "?connectTimeout=5000&allowPublicKeyRetrieval=true&useUnicode=true&characterEncoding=UTF-8"
                + "&rewriteBatchedStatements=true" + JdbcTls.options(node.tls());
        return DriverManager.getConnection(url, node.user(), node.password().reveal());
    }
}
