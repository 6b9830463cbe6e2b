package io.shardgate.ittests.admin;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.proxy.server.ShardgateServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/**
 * A proxy served from a config file (so RELOAD CONFIG has a file to read) with the admin listener and the HTTP
 * endpoints on free ports, in front of test backends; {@link ProxyFixture#yaml} writes the nodes.
 */
final class AdminProxy implements AutoCloseable {

    static final String ADMIN = "ops";
    static final String ADMIN_PASSWORD = "ops-secret-pw";

    private final Backends backends;
    private final String schema;
    private final Path file;
    private final ShardgateServer server;

    private AdminProxy(Backends backends, String schema, Path file, ShardgateServer server) {
        this.backends = backends;
        this.schema = schema;
        this.file = file;
        this.server = server;
    }

    /** @param schemasYaml the {@code schemas:} section; {@code %s} is the schema name */
    static AdminProxy start(Backends backends, String schema, String schemasYaml, String adminExtra) throws Exception {
        for (BackendEndpoint p : backends.primaries()) {
            root(p, "DROP DATABASE IF EXISTS `" + schema + "`", "CREATE DATABASE `" + schema + "`");
        }
        Path dir = Files.createTempDirectory("admin-it");
        Path file = dir.resolve("sharding.yaml");
        Files.writeString(file, yaml(backends, schema, schemasYaml, adminExtra));
        return new AdminProxy(backends, schema, file, ShardgateServer.serve(file));
    }

    static String yaml(Backends backends, String schema, String schemasYaml, String adminExtra) throws IOException {
        // a free port of its own: a file-served proxy has no override, and 3307 may be a demo's
        return ProxyFixture.yaml(backends, schemasYaml.formatted(schema))
                .replace("listen: 127.0.0.1:3307", "listen: 127.0.0.1:" + freePort())
                + "admin:\n  listen: 127.0.0.1:" + freePort() + "\n  http-listen: 127.0.0.1:" + freePort() + "\n"
                + "  users: [{user: " + ADMIN + ", password: " + ADMIN_PASSWORD + "}]\n" + adminExtra;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    ShardgateServer server() {
        return server;
    }

    Path file() {
        return file;
    }

    String schema() {
        return schema;
    }

    Backends backends() {
        return backends;
    }

    Connection client() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.address().getPort() + "/" + schema,
                ProxyFixture.USER, ProxyFixture.PASSWORD);
    }

    Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.adminAddress().getPort() + "/",
                ADMIN, ADMIN_PASSWORD);
    }

    /**
     * One admin command's result set: column labels, then rows of text. {@code execute}, not {@code executeQuery}:
     * Connector/J refuses the latter for texts it takes for updates by their first word ({@code RELOAD},
     * {@code PREVIEW INSERT ...}).
     */
    static Table query(Connection admin, String sql) throws SQLException {
        try (Statement s = admin.createStatement()) {
            if (!s.execute(sql)) {
                throw new AssertionError(sql + " answered no result set");
            }
            try (ResultSet rs = s.getResultSet()) {
                return Table.of(rs);
            }
        }
    }

    record Table(List<String> columns, List<List<String>> rows) {
        static Table of(ResultSet rs) throws SQLException {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnLabel(i));
            }
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return new Table(columns, rows);
        }

        /** The rows as maps column -> value. */
        List<Map<String, String>> maps() {
            List<Map<String, String>> out = new ArrayList<>();
            for (List<String> row : rows) {
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    m.put(columns.get(i), row.get(i));
                }
                out.add(m);
            }
            return out;
        }
    }

    /** GET on the HTTP endpoints: status and body. */
    HttpResponse<String> http(String path) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpAddress().getPort()
                    + path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
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

    @Override
    public void close() throws SQLException {
        server.close();
        for (BackendEndpoint p : backends.primaries()) {
            root(p, "DROP DATABASE IF EXISTS `" + schema + "`");
        }
    }
}
