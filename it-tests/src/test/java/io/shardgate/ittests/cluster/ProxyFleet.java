package io.shardgate.ittests.cluster;

import io.shardgate.config.HostPort;
import io.shardgate.harness.ZooKeeperProcess;
import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.proxy.cli.Main;
import io.shardgate.proxy.server.ShardgateServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A fleet of in-process proxies in cluster mode on a real ZooKeeper ({@link ZooKeeperProcess}, a separate JVM), in
 * front of test backends. Each instance has its own local file (the cluster section with its own admin listener);
 * the shared config is pushed with {@code shardgate config push}, as an operator does.
 */
final class ProxyFleet implements AutoCloseable {

    static final String ADMIN = "ops";
    static final String ADMIN_PASSWORD = "ops-secret-pw";

    private final Path dir;
    private final ZooKeeperProcess zookeeper;
    private final Backends backends;
    private final String schema;
    private final String sessionTimeout;
    private final List<ShardgateServer> instances = new ArrayList<>();

    ProxyFleet(Backends backends, String schema, String sessionTimeout) throws IOException {
        this.dir = Files.createTempDirectory("fleet-it");
        this.zookeeper = ZooKeeperProcess.start(dir.resolve("zookeeper"));
        this.backends = backends;
        this.schema = schema;
        this.sessionTimeout = sessionTimeout;
    }

    ZooKeeperProcess zookeeper() {
        return zookeeper;
    }

    Path dir() {
        return dir;
    }

    /** The shared config with {@code schemasYaml} ({@code %s}: the schema), an admin section and {@code proxyExtra}. */
    String sharedYaml(String schemasYaml, String proxyExtra) {
        return ProxyFixture.yaml(backends, schemasYaml.formatted(schema))
                .replace("  users:\n", proxyExtra + "  users:\n")
                + "admin:\n  users: [{user: " + ADMIN + ", password: " + ADMIN_PASSWORD + "}]\n";
    }

    /** {@code shardgate config push} of {@code yaml}: its exit code (0: stored). */
    int push(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "shared", ".yaml");
        Files.writeString(file, yaml);
        return Main.run("config", "push", "--zookeeper", zookeeper.connectString(), "--namespace", "it",
                file.toString());
    }

    /** An instance's local file: the cluster section, with admin and HTTP listeners of its own. */
    Path localFile() throws IOException {
        Path file = Files.createTempFile(dir, "local", ".yaml");
        Files.writeString(file, "cluster:\n  zookeeper: " + zookeeper.connectString() + "\n  namespace: it\n"
                + "  session-timeout: " + sessionTimeout + "\n  admin-listen: 127.0.0.1:" + freePort() + "\n"
                + "  http-listen: 127.0.0.1:" + freePort() + "\n");
        return file;
    }

    ShardgateServer startInstance() throws IOException {
        ShardgateServer server = ShardgateServer.serve(localFile(), new HostPort("127.0.0.1", 0));
        instances.add(server);
        return server;
    }

    List<ShardgateServer> instances() {
        return instances;
    }

    void stop(ShardgateServer server) {
        instances.remove(server);
        server.close();
    }

    Connection client(ShardgateServer server) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.address().getPort() + "/" + schema,
                ProxyFixture.USER, ProxyFixture.PASSWORD);
    }

    static Connection admin(ShardgateServer server) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.adminAddress().getPort() + "/",
                ADMIN, ADMIN_PASSWORD);
    }

    /** An admin command's rows as maps column -> value. */
    static List<Map<String, String>> query(ShardgateServer server, String sql) throws SQLException {
        try (Connection c = admin(server); Statement s = c.createStatement()) {
            if (!s.execute(sql)) {
                throw new AssertionError(sql + " answered no result set");
            }
            try (ResultSet rs = s.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, String>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getString(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    /** Polls {@code condition} until it holds (generous: the machine is shared). */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not within " + timeout + ": " + what);
    }

    /** Creates {@code schema} empty on every primary (dropped first, should a failed run have left it). */
    static void freshSchema(Backends backends, String schema) throws SQLException {
        for (BackendEndpoint p : backends.primaries()) {
            root(p, "DROP DATABASE IF EXISTS " + schema, "CREATE DATABASE " + schema);
        }
    }

    static void dropSchema(Backends backends, String schema) throws SQLException {
        for (BackendEndpoint p : backends.primaries()) {
            root(p, "DROP DATABASE IF EXISTS " + schema);
        }
    }

    static void root(BackendEndpoint server, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "root", server.rootPassword());
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (ShardgateServer s : List.copyOf(instances)) {
            s.close();
        }
        instances.clear();
        zookeeper.close();
    }
}
