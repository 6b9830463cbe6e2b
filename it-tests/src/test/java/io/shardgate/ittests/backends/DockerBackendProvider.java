package io.shardgate.ittests.backends;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

import io.shardgate.harness.BackendCluster;

/**
 * MySQL 8.4 containers through Testcontainers, for machines with Docker: primaries with GTID
 * binlogs, replicas set up with {@code CHANGE REPLICATION SOURCE ... SOURCE_AUTO_POSITION=1}
 * over a private network, the same accounts as the local harness ({@code shard}/{@code shard}
 * with mysql_native_password, {@code root}/{@code root}), created with {@code sql_log_bin=0}.
 */
public final class DockerBackendProvider implements BackendProvider {

    static final DockerImageName IMAGE = DockerImageName.parse("mysql:8.4");
    private static final String ROOT_PASSWORD = "root";

    @Override
    public Backends start(Topology topology) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("-Dbackends=docker needs a Docker engine, and Testcontainers found none"
                    + " (no DOCKER_HOST, no reachable /var/run/docker.sock); run with -Dbackends=local to use"
                    + " local mariadbd processes instead");
        }
        Network network = Network.newNetwork();
        List<MySQLContainer<?>> containers = new ArrayList<>();
        try {
            for (int i = 0; i < topology.primaries(); i++) {
                containers.add(container(network, "primary-" + i, i + 1, false));
            }
            for (int i = 0; i < topology.replicas(); i++) {
                containers.add(container(network, "replica-" + i, topology.primaries() + i + 1, true));
            }
            containers.parallelStream().forEach(MySQLContainer::start);
            List<BackendEndpoint> primaries = new ArrayList<>();
            List<BackendEndpoint> replicas = new ArrayList<>();
            for (int i = 0; i < containers.size(); i++) {
                boolean primary = i < topology.primaries();
                String name = primary ? "primary-" + i : "replica-" + (i - topology.primaries());
                MySQLContainer<?> container = containers.get(i);
                BackendEndpoint endpoint = new BackendEndpoint(name, container.getHost(),
                        container.getMappedPort(MySQLContainer.MYSQL_PORT), "shard", "shard", ROOT_PASSWORD);
                createAccounts(endpoint);
                (primary ? primaries : replicas).add(endpoint);
            }
            DockerBackends backends = new DockerBackends(network, containers, topology, primaries, replicas);
            for (int i = 0; i < topology.replicas(); i++) {
                backends.configureReplica(i, topology.replicaSources().get(i));
            }
            backends.verifyReplication();
            return backends;
        } catch (RuntimeException e) {
            containers.forEach(MySQLContainer::stop);
            network.close();
            throw e;
        }
    }

    private static MySQLContainer<?> container(Network network, String alias, int serverId, boolean replica) {
        List<String> command = new ArrayList<>(List.of("--server-id=" + serverId, "--log-bin=binlog",
                "--gtid-mode=ON", "--enforce-gtid-consistency=ON", "--skip-name-resolve",
                // 8.4 ships mysql_native_password disabled; the proxy's account uses it
                "--mysql-native-password=ON"));
        if (replica) {
            command.add("--read-only=ON");
            command.add("--relay-log=relay-bin");
        }
        MySQLContainer<?> container = new MySQLContainer<>(IMAGE);
        container.withUsername("root").withPassword(ROOT_PASSWORD).withNetwork(network).withNetworkAliases(alias)
                .withCommand(command.toArray(String[]::new));
        return container;
    }

    private static void createAccounts(BackendEndpoint server) {
        asRoot(server, "SET sql_log_bin=0",
                "CREATE USER 'shard'@'%' IDENTIFIED WITH mysql_native_password BY 'shard'",
                "GRANT ALL PRIVILEGES ON *.* TO 'shard'@'%'",
                "CREATE USER 'repl'@'%' IDENTIFIED WITH mysql_native_password BY 'repl'",
                "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'repl'@'%'",
                "SET sql_log_bin=1");
    }

    static void asRoot(BackendEndpoint server, String... statements) {
        try (Connection connection = rootConnection(server); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(server + ": " + e.getMessage(), e);
        }
    }

    static String queryAsRoot(BackendEndpoint server, String sql) {
        try (Connection connection = rootConnection(server); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(server + ": " + e.getMessage(), e);
        }
    }

    private static Connection rootConnection(BackendEndpoint server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl() + "?allowPublicKeyRetrieval=true", "root",
                server.rootPassword());
    }

    /** Containers, their network and the replication between them. */
    static final class DockerBackends implements Backends {
        private final Network network;
        private final List<MySQLContainer<?>> containers;
        private final Topology topology;
        private final List<BackendEndpoint> primaries;
        private final List<BackendEndpoint> replicas;

        DockerBackends(Network network, List<MySQLContainer<?>> containers, Topology topology,
                       List<BackendEndpoint> primaries, List<BackendEndpoint> replicas) {
            this.network = network;
            this.containers = List.copyOf(containers);
            this.topology = topology;
            this.primaries = List.copyOf(primaries);
            this.replicas = List.copyOf(replicas);
        }

        void configureReplica(int replica, int primary) {
            asRoot(replicas.get(replica),
                    "CHANGE REPLICATION SOURCE TO SOURCE_HOST='primary-" + primary + "', SOURCE_PORT=3306,"
                            + " SOURCE_USER='repl', SOURCE_PASSWORD='repl', SOURCE_AUTO_POSITION=1,"
                            + " SOURCE_CONNECT_RETRY=1",
                    "START REPLICA");
        }

        void verifyReplication() {
            for (int p = 0; p < primaries.size(); p++) {
                List<BackendEndpoint> followers = new ArrayList<>();
                for (int r = 0; r < replicas.size(); r++) {
                    if (topology.replicaSources().get(r) == p) {
                        followers.add(replicas.get(r));
                    }
                }
                if (followers.isEmpty()) {
                    continue;
                }
                String token = UUID.randomUUID().toString();
                asRoot(primaries.get(p), "CREATE DATABASE IF NOT EXISTS shardgate_harness",
                        "CREATE TABLE IF NOT EXISTS shardgate_harness.replication_check (token VARCHAR(64) PRIMARY KEY)",
                        "INSERT INTO shardgate_harness.replication_check VALUES ('" + token + "')");
                for (BackendEndpoint replica : followers) {
                    awaitReplicaCaughtUp(replica, Duration.ofSeconds(60));
                    String seen = queryAsRoot(replica,
                            "SELECT COUNT(*) FROM shardgate_harness.replication_check WHERE token='" + token + "'");
                    if (!"1".equals(seen)) {
                        throw new IllegalStateException(replica + " caught up but lacks the row written on its primary");
                    }
                }
                asRoot(primaries.get(p), "DROP DATABASE shardgate_harness");
                for (BackendEndpoint replica : followers) {
                    awaitReplicaCaughtUp(replica, Duration.ofSeconds(60));
                }
            }
        }

        @Override
        public List<BackendEndpoint> primaries() {
            return primaries;
        }

        @Override
        public List<BackendEndpoint> replicas() {
            return replicas;
        }

        @Override
        public BackendEndpoint primaryOf(BackendEndpoint replica) {
            int index = replicas.indexOf(replica);
            if (index < 0) {
                throw new IllegalArgumentException(replica + " is not a replica here");
            }
            return primaries.get(topology.replicaSources().get(index));
        }

        @Override
        public void awaitReplicaCaughtUp(BackendEndpoint replica, Duration timeout) {
            String executed = queryAsRoot(primaryOf(replica), "SELECT @@GLOBAL.gtid_executed");
            String result = queryAsRoot(replica, "SELECT WAIT_FOR_EXECUTED_GTID_SET('" + executed + "', "
                    + Math.max(1, timeout.toSeconds()) + ")");
            if (!"0".equals(result)) {
                throw new IllegalStateException(replica + " did not apply " + executed + " within " + timeout);
            }
        }

        @Override
        public Optional<BackendCluster> localCluster() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "docker " + IMAGE;
        }

        @Override
        public void close() {
            containers.forEach(MySQLContainer::stop);
            network.close();
        }
    }
}
