package io.shardgate.ittests.proxy;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.HostPort;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.proxy.server.ShardgateServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A proxy in front of test backends, on a free port, with a config written for the test: {@code nodes}
 * are generated from the backends (ds0 = primary 0 with the replicas of primary 0, ds1 = primary 1 ...), the
 * test gives the {@code schemas:} section. The schema's database is created on every primary first and
 * dropped on close, so tests can share backends.
 */
public final class ProxyFixture implements AutoCloseable {

    public static final String USER = "app";
    public static final String PASSWORD = "app-pw";

    private final Backends backends;
    private final String schema;
    private final ShardgateServer server;

    private ProxyFixture(Backends backends, String schema, ShardgateServer server) {
        this.backends = backends;
        this.schema = schema;
        this.server = server;
    }

    /**
     * @param schemasYaml the {@code schemas:} section, indented as a top-level key (may use {@code %s} once
     *     for the schema name)
     */
    public static ProxyFixture start(Backends backends, String schema, String schemasYaml) throws SQLException {
        return start(backends, schema, schemasYaml, true);
    }

    /**
     * @param replicas false to leave the backends' replicas out of the nodes, for tests that compare what the
     *     proxy reads with what a primary holds (a replica may lag, and keeps statistics of its own)
     */
    public static ProxyFixture start(Backends backends, String schema, String schemasYaml, boolean replicas)
            throws SQLException {
        return startWith(backends, schema, schemasYaml, replicas, "");
    }

    /**
     * @param proxyLines extra lines of the {@code proxy:} section, each indented by two spaces and ending in a
     *     newline, for settings that only take effect at start ({@code "  io-threads: 1\n"})
     */
    public static ProxyFixture startWith(Backends backends, String schema, String schemasYaml, String proxyLines)
            throws SQLException {
        return startWith(backends, schema, schemasYaml, true, proxyLines);
    }

    private static ProxyFixture startWith(Backends backends, String schema, String schemasYaml, boolean replicas,
                                          String proxyLines) throws SQLException {
        for (BackendEndpoint primary : backends.primaries()) {
            try (Connection c = DriverManager.getConnection(primary.jdbcUrl(), "root", primary.rootPassword());
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS `" + schema + "`");
                s.execute("CREATE DATABASE `" + schema + "`");
            }
        }
        String yaml = yaml(backends, schemasYaml.formatted(schema), replicas, proxyLines);
        ShardgateConfig config = ConfigLoader.parse(yaml, "test.yaml");
        return new ProxyFixture(backends, schema, ShardgateServer.start(config, new HostPort("127.0.0.1", 0)));
    }

    /** A whole config for these backends: proxy users, nodes, and the given schemas section. */
    public static String yaml(Backends backends, String schemasYaml) {
        return yaml(backends, schemasYaml, true, "");
    }

    private static String yaml(Backends backends, String schemasYaml, boolean withReplicas, String proxyLines) {
        StringBuilder y = new StringBuilder();
        y.append("proxy:\n").append(proxyLines).append("  listen: 127.0.0.1:3307\n  users:\n    - {user: ").append(USER)
                .append(", password: ").append(PASSWORD).append("}\nnodes:\n");
        List<BackendEndpoint> primaries = backends.primaries();
        for (int i = 0; i < primaries.size(); i++) {
            BackendEndpoint p = primaries.get(i);
            y.append("  - name: ds").append(i).append('\n')
                    .append("    primary: ").append(p.address()).append('\n');
            List<String> replicas = !withReplicas ? List.of() : backends.replicas().stream()
                    .filter(r -> backends.primaryOf(r).equals(p)).map(BackendEndpoint::address).toList();
            if (!replicas.isEmpty()) {
                y.append("    replicas: [").append(String.join(", ", replicas)).append("]\n");
            }
            y.append("    user: ").append(p.user()).append('\n')
                    .append("    password: \"").append(p.password()).append("\"\n");
        }
        return y.append(schemasYaml).toString();
    }

    public ShardgateServer server() {
        return server;
    }

    public String schema() {
        return schema;
    }

    public int port() {
        return server.address().getPort();
    }

    /** {@code jdbc:mysql://127.0.0.1:PORT/schema} plus {@code options} ("a=b&c=d", may be empty). */
    public String jdbcUrl(String options) {
        return "jdbc:mysql://127.0.0.1:" + port() + "/" + schema + (options.isEmpty() ? "" : "?" + options);
    }

    public Connection connect(String options) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(options), USER, PASSWORD);
    }

    /** A direct connection to a primary, bypassing the proxy, for checks of where rows landed. */
    public Connection direct(int primary, String options) throws SQLException {
        BackendEndpoint p = backends.primary(primary);
        return DriverManager.getConnection(p.jdbcUrl(schema) + (options.isEmpty() ? "" : "?" + options),
                "root", p.rootPassword());
    }

    @Override
    public void close() throws SQLException {
        server.close();
        for (BackendEndpoint primary : backends.primaries()) {
            try (Connection c = DriverManager.getConnection(primary.jdbcUrl(), "root", primary.rootPassword());
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS `" + schema + "`");
            }
        }
    }
}
