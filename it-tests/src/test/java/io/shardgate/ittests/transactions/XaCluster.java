package io.shardgate.ittests.transactions;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.HostPort;
import io.shardgate.harness.BackendCluster;
import io.shardgate.harness.BackendServer;
import io.shardgate.ittests.backends.LocalBackendProvider;
import io.shardgate.ittests.backends.Topology;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.proxy.server.ShardgateServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Two primaries of their own (tests stop, pause and kill them) and proxies in front of them. Schema {@code bank}:
 * {@code accounts} hash-mod over ds0 and ds1 by {@code id} (even ids on ds0, odd on ds1), broadcast {@code fees}.
 * Every check of an outcome reads the backends directly: rows per node and prepared XA branches.
 */
final class XaCluster implements AutoCloseable {

    static final String SCHEMA = "bank";
    static final String CREATE_ACCOUNTS = "CREATE TABLE IF NOT EXISTS accounts (id BIGINT PRIMARY KEY, "
            + "owner VARCHAR(20) NOT NULL, balance INT NOT NULL)";
    static final String CREATE_FEES = "CREATE TABLE IF NOT EXISTS fees (name VARCHAR(20) PRIMARY KEY, cents INT NOT NULL)";

    final BackendCluster cluster;

    XaCluster() {
        cluster = LocalBackendProvider.builder(Topology.of(2, 0)).start();
        for (BackendServer p : cluster.primaries()) {
            cluster.query(p, "CREATE DATABASE " + SCHEMA);
        }
    }

    BackendServer node(int i) {
        return cluster.primary(i);
    }

    /** A proxy with {@code transaction-mode: mode} and XA recovery settings in {@code proxyYaml} (two-space keys). */
    ShardgateServer proxy(String mode, String proxyYaml) {
        return ShardgateServer.start(ConfigLoader.parse(yaml(mode, proxyYaml), "xa.yaml"), new HostPort("127.0.0.1", 0));
    }

    String yaml(String mode, String proxyYaml) {
        StringBuilder y = new StringBuilder();
        y.append("proxy:\n  listen: 127.0.0.1:3307\n  users:\n    - {user: ").append(ProxyFixture.USER)
                .append(", password: ").append(ProxyFixture.PASSWORD).append("}\n").append(proxyYaml).append("nodes:\n");
        for (int i = 0; i < 2; i++) {
            BackendServer p = node(i);
            y.append("  - name: ds").append(i).append('\n')
                    .append("    primary: ").append(p.host()).append(':').append(p.port()).append('\n')
                    .append("    user: ").append(p.user()).append('\n')
                    .append("    password: \"").append(p.password()).append("\"\n");
        }
        y.append("""
                schemas:
                  - name: bank
                    default-node: ds0
                    transaction-mode: %s
                    tables:
                      - name: accounts
                        shard-key: id
                        strategy: hash-mod
                        nodes: [ds0, ds1]
                        locations: [1, 1]
                      - name: fees
                        broadcast: true
                """.formatted(mode));
        return y.toString();
    }

    static Connection connect(ShardgateServer proxy) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + proxy.address().getPort() + "/" + SCHEMA
                + "?socketTimeout=120000&connectTimeout=10000", ProxyFixture.USER, ProxyFixture.PASSWORD);
    }

    /** Creates the tables (through the proxy) and empties them (on each node). */
    void reset(ShardgateServer proxy) throws SQLException {
        try (Connection c = connect(proxy); var s = c.createStatement()) {
            s.execute(CREATE_ACCOUNTS);
            s.execute(CREATE_FEES);
        }
        empty();
    }

    /** Empties every table of the schema, on each node directly (no transaction through a proxy). */
    void empty() {
        for (int i = 0; i < 2; i++) {
            for (String table : physicalTables(i)) {
                cluster.query(node(i), "DELETE FROM " + SCHEMA + "." + table);
            }
        }
    }

    private List<String> physicalTables(int node) {
        List<String> tables = new ArrayList<>();
        for (List<String> row : cluster.query(node(node), "SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = '" + SCHEMA + "' ORDER BY table_name")) {
            tables.add(row.getFirst());
        }
        return tables;
    }

    /** The account ids on node {@code node}, read on the server itself, sorted. */
    List<String> accountIds(int node) {
        List<String> ids = new ArrayList<>();
        for (String table : physicalTables(node)) {
            if (table.startsWith("accounts")) {
                cluster.query(node(node), "SELECT id FROM " + SCHEMA + "." + table + " ORDER BY id")
                        .forEach(r -> ids.add(r.getFirst()));
            }
        }
        return ids.stream().sorted().toList();
    }

    /** The fee names on node {@code node} (its copy of the broadcast table). */
    List<String> fees(int node) {
        return cluster.query(node(node), "SELECT name FROM " + SCHEMA + ".fees ORDER BY name").stream()
                .map(List::getFirst).toList();
    }

    /** The XA branches prepared on node {@code node} (any creator), as XA RECOVER shows them. */
    List<String> preparedBranches(int node) {
        return cluster.query(node(node), "XA RECOVER").stream().map(r -> String.join("|", r)).toList();
    }

    /** The rows of shardgate's decision table on node {@code node}: "transaction|outcome". */
    List<String> decisions(int node) {
        return cluster.query(node(node), "SELECT transaction_id, outcome FROM shardgate.xa_decisions ORDER BY 1")
                .stream().map(r -> String.join("|", r)).toList();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
