package io.shardgate.ittests.compat;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.HostPort;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.proxy.server.ShardgateServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A pass-through proxy (one schema, {@code default-node: ds0}) over the shared backends, with the knobs the
 * compatibility tests turn: front-end TLS and caching_sha2_password full authentication. The schema's
 * database is created on primary 0 and dropped on close.
 */
final class CompatProxy implements AutoCloseable {

    static final String USER = ProxyFixture.USER;
    static final String PASSWORD = ProxyFixture.PASSWORD;

    private final Backends backends;
    private final String schema;
    private final ShardgateServer server;

    private CompatProxy(Backends backends, String schema, ShardgateServer server) {
        this.backends = backends;
        this.schema = schema;
        this.server = server;
    }

    static CompatProxy start(Backends backends, String schema) throws SQLException {
        return start(backends, schema, null, false);
    }

    /**
     * @param tlsYaml the {@code proxy.tls} mapping in flow style ({@code {cert-file: .., key-file: ..}}), or null
     * @param cachingSha2FullAuth every caching_sha2_password login takes the full-authentication path
     */
    static CompatProxy start(Backends backends, String schema, String tlsYaml, boolean cachingSha2FullAuth)
            throws SQLException {
        return start(backends, schema, tlsYaml, cachingSha2FullAuth, "");
    }

    /** @param poolYaml the node's {@code pool} mapping in flow style, or "" for the defaults */
    static CompatProxy withPool(Backends backends, String schema, String poolYaml) throws SQLException {
        return start(backends, schema, null, false, "    pool: " + poolYaml + "\n");
    }

    /**
     * A proxy whose {@code proxy:} section has {@code proxyYaml} added (keys indented by two spaces, each line ended
     * by a newline) and whose users list has {@code usersYaml} added (items indented by four spaces).
     */
    static CompatProxy custom(Backends backends, String schema, String proxyYaml, String usersYaml) throws SQLException {
        return start(backends, schema, null, false, "", proxyYaml, usersYaml);
    }

    private static CompatProxy start(Backends backends, String schema, String tlsYaml, boolean cachingSha2FullAuth,
                                     String nodeYaml) throws SQLException {
        return start(backends, schema, tlsYaml, cachingSha2FullAuth, nodeYaml, "", "");
    }

    private static CompatProxy start(Backends backends, String schema, String tlsYaml, boolean cachingSha2FullAuth,
                                     String nodeYaml, String proxyYaml, String usersYaml) throws SQLException {
        rootSql(backends.primary(0), "DROP DATABASE IF EXISTS `" + schema + "`", "CREATE DATABASE `" + schema + "`");
        String yaml = yaml(backends.primary(0), schema, tlsYaml)
                .replace("\nschemas:", "\n" + nodeYaml + "schemas:")
                .replace("proxy:\n", "proxy:\n" + proxyYaml)
                .replace("\nnodes:", "\n" + usersYaml + "nodes:");
        ShardgateConfig config = ConfigLoader.parse(yaml, "compat.yaml");
        HostPort anyPort = new HostPort("127.0.0.1", 0);
        ShardgateServer server = cachingSha2FullAuth ? ShardgateServer.start(config, anyPort, true)
                : ShardgateServer.start(config, anyPort);
        return new CompatProxy(backends, schema, server);
    }

    /**
     * One node, primary 0 without its replica: reads then see the writes just made (a replica may lag), so
     * every assertion is about the protocol and none about replication.
     */
    static String yaml(BackendEndpoint primary, String schema, String tlsYaml) {
        return "proxy:\n  listen: 127.0.0.1:3307\n"
                + (tlsYaml == null ? "" : "  tls: " + tlsYaml + "\n")
                + "  users:\n    - {user: " + USER + ", password: " + PASSWORD + "}\n"
                + "nodes:\n  - name: ds0\n    primary: " + primary.address() + "\n"
                + "    user: " + primary.user() + "\n    password: \"" + primary.password() + "\"\n"
                + "schemas:\n  - name: " + schema + "\n    default-node: ds0\n";
    }

    ShardgateServer server() {
        return server;
    }

    String schema() {
        return schema;
    }

    int port() {
        return server.address().getPort();
    }

    BackendEndpoint backend() {
        return backends.primary(0);
    }

    String jdbcUrl(String options) {
        return "jdbc:mysql://127.0.0.1:" + port() + "/" + schema + (options.isEmpty() ? "" : "?" + options);
    }

    Connection connect(String options) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(options), USER, PASSWORD);
    }

    /** Straight to primary 0 as the proxy's backend account, in the same schema: the reference. */
    Connection direct(String options) throws SQLException {
        BackendEndpoint p = backends.primary(0);
        return DriverManager.getConnection(p.jdbcUrl(schema) + (options.isEmpty() ? "" : "?" + options),
                p.user(), p.password());
    }

    /** Straight to primary 0 as root, for server-side checks (processlist, innodb_trx). */
    Connection root() throws SQLException {
        BackendEndpoint p = backends.primary(0);
        return DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
    }

    static void rootSql(BackendEndpoint p, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        server.close();
        rootSql(backends.primary(0), "DROP DATABASE IF EXISTS `" + schema + "`");
    }
}
