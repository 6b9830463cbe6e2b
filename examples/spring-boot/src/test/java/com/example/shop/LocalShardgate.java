package com.example.shop;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.HostPort;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.harness.BackendCluster;
import io.shardgate.harness.BackendServer;
import io.shardgate.proxy.server.ShardgateServer;

/**
 * shardgate for this example's tests, started once per test JVM: two MariaDB servers run as local processes by
 * shardgate's test harness, and the proxy in this JVM, configured by the example's own {@code sharding.yaml}
 * (its {@code ${SHOP_DS0}}, {@code ${SHOP_DS1}} ... are set to the local servers). A copy of this application
 * starts a shardgate container instead; see "Using shardgate from Spring Boot" in shardgate's README.
 */
final class LocalShardgate {

    static final String SCHEMA = "shop";
    /** The proxy account of sharding.yaml ({@code SHOP_PASSWORD} unset: its default). */
    static final String USER = "shop";
    static final String PASSWORD = "shop";

    private static LocalShardgate instance;

    private final BackendCluster cluster;
    private final ShardgateServer proxy;

    private LocalShardgate(BackendCluster cluster, ShardgateServer proxy) {
        this.cluster = cluster;
        this.proxy = proxy;
    }

    static synchronized LocalShardgate get() {
        if (instance == null) {
            instance = start();
            LocalShardgate started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "local-shardgate-stop"));
        }
        return instance;
    }

    private static LocalShardgate start() {
        BackendCluster.Builder builder = BackendCluster.builder().primaries(2);
        String templateCache = System.getProperty("shardgate.harness.templateCache");
        if (templateCache != null && !templateCache.isBlank()) {
            builder.templateCache(Path.of(templateCache));
        }
        BackendCluster cluster = builder.start();
        try {
            BackendServer ds0 = cluster.primary(0);
            BackendServer ds1 = cluster.primary(1);
            Map<String, String> env = Map.of(
                    "SHOP_DS0", ds0.host() + ":" + ds0.port(),
                    "SHOP_DS1", ds1.host() + ":" + ds1.port(),
                    "SHARD_USER", ds0.user(),
                    "SHARD_PASSWORD", ds0.password());
            ShardgateConfig config = ConfigLoader.load(Path.of("sharding.yaml"), env::get);
            ShardgateServer proxy = ShardgateServer.start(config, new HostPort("127.0.0.1", 0));
            LocalShardgate shardgate = new LocalShardgate(cluster, proxy);
            shardgate.createDatabase();
            return shardgate;
        } catch (RuntimeException | SQLException e) {
            cluster.close();
            throw new IllegalStateException("could not start shardgate for the tests: " + e.getMessage(), e);
        }
    }

    /** New, empty backends: the schema's database is created through the proxy, which creates it on every node. */
    private void createDatabase() throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:" + port() + "/", USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS " + SCHEMA);
        }
    }

    int port() {
        return proxy.address().getPort();
    }

    /** What the application's {@code spring.datasource.url} becomes in the tests. */
    String jdbcUrl() {
        return "jdbc:mysql://127.0.0.1:" + port() + "/" + SCHEMA;
    }

    /** A connection straight to node {@code ds<index>}'s server, bypassing the proxy, to see where rows landed. */
    Connection direct(int node) throws SQLException {
        BackendServer server = cluster.primary(node);
        return DriverManager.getConnection(server.jdbcUrl(SCHEMA), server.rootUser().user(),
                server.rootUser().password());
    }

    private void close() {
        try {
            proxy.close();
        } finally {
            cluster.close();
        }
    }
}
