package io.shardgate.proxy.lookup;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardgate.config.NodeConfig;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.StrategyParams;
import io.shardgate.router.strategy.LookupStore;
import io.shardgate.router.strategy.LookupStoreFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens {@link JdbcLookupStore}s for the lookup tables of one schema: the locator table lives in that
 * schema's database on the node {@code lookup.node} names, reached through that node's primary with its
 * credentials. One small HikariCP pool per node (lazy: no connection until a key misses the cache) and one
 * store per (node, table) are shared by every table that asks. {@link #close()} closes the pools; call it
 * when the routing state built on these stores is replaced or the proxy stops.
 */
public final class JdbcLookupStores implements LookupStoreFactory, AutoCloseable {

    private static final int POOL_SIZE = 4;
    private static final long DEFAULT_CONNECT_TIMEOUT_MS = 3_000;

    private final ShardgateConfig config;
    private final String schema;
    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final Map<String, JdbcLookupStore> stores = new ConcurrentHashMap<>();

    public JdbcLookupStores(ShardgateConfig config, String schema) {
        this.config = config;
        this.schema = schema;
    }

    @Override
    public LookupStore open(StrategyParams.Lookup lookup) {
        return stores.computeIfAbsent(lookup.node() + "/" + lookup.table(),
                key -> new JdbcLookupStore(pool(lookup.node()), lookup.table(), schema + "@" + key));
    }

    private HikariDataSource pool(String nodeName) {
        return pools.computeIfAbsent(nodeName, name -> {
            NodeConfig node = config.node(name).orElseThrow(
                    () -> new IllegalArgumentException("lookup node '" + name + "' is not configured"));
            HikariConfig hikari = new HikariConfig();
            hikari.setPoolName("lookup-" + name);
            hikari.setJdbcUrl(jdbcUrl(node, schema));
            hikari.setUsername(node.user());
            hikari.setPassword(node.password().reveal());
            hikari.setMaximumPoolSize(POOL_SIZE);
            hikari.setMinimumIdle(0);
            hikari.setConnectionTimeout(node.pool() != null && node.pool().acquireTimeout() != null
                    ? node.pool().acquireTimeout().toMillis() : DEFAULT_CONNECT_TIMEOUT_MS);
            // start even when the node is down: the first cache miss reports the failure instead
            hikari.setInitializationFailTimeout(-1);
            return new HikariDataSource(hikari);
        });
    }

    static String jdbcUrl(NodeConfig node, String schema) {
        String host = node.primary().host().indexOf(':') >= 0 ? "[" + node.primary().host() + "]" : node.primary().host();
        return "jdbc:mysql://" + host + ":" + node.primary().port() + "/" + schema
                + "?connectTimeout=3000&allowPublicKeyRetrieval=true&useUnicode=true&characterEncoding=UTF-8"
                + JdbcTls.options(node.tls());
    }

    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
        stores.clear();
    }
}
