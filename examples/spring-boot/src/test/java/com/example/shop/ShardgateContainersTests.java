package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Page;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The application against shardgate in Docker, as a copy of this application tests itself: two MySQL 8.4
 * containers as the nodes, shardgate's image in front of them with this example's sharding.yaml copied in, and
 * the datasource URL pointed at the proxy's mapped port.
 *
 * <p>Needs a Docker engine and is skipped without one. The machine shardgate is built on has none, so this class
 * has never run there: it compiles with the build, and the other tests cover the same behaviour on local servers.
 * The image is built from shardgate's Dockerfile and {@code proxy/target/shardgate.jar} (run
 * {@code ./mvnw -B package -DskipTests} first); a copy of this application names a built or published image
 * instead, e.g. {@code new GenericContainer<>(DockerImageName.parse("shardgate:latest"))}.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest
class ShardgateContainersTests {

    private static final Network NETWORK = Network.newNetwork();
    private static final int PROXY_PORT = 3307;

    @Container
    static final MySQLContainer<?> DS0 = backend("ds0");

    @Container
    static final MySQLContainer<?> DS1 = backend("ds1");

    @Container
    static final GenericContainer<?> SHARDGATE = new GenericContainer<>(shardgateImage())
            .withNetwork(NETWORK)
            .dependsOn(DS0, DS1)
            // the image reads /etc/shardgate/sharding.yaml; its ${...} take the values below
            .withCopyFileToContainer(MountableFile.forHostPath("sharding.yaml"), "/etc/shardgate/sharding.yaml")
            .withEnv(Map.of(
                    "SHARDGATE_LISTEN", "0.0.0.0:" + PROXY_PORT,
                    "SHOP_DS0", "ds0:3306",
                    "SHOP_DS1", "ds1:3306"))
            .withExposedPorts(PROXY_PORT)
            // logged once the listener is bound; the nodes were healthy before the proxy started (dependsOn)
            .waitingFor(Wait.forLogMessage(".*shardgate listening on .*\\n", 1)
                    .withStartupTimeout(Duration.ofMinutes(2)));

    @DynamicPropertySource
    static void shardgate(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url",
                () -> "jdbc:mysql://" + SHARDGATE.getHost() + ":" + SHARDGATE.getMappedPort(PROXY_PORT) + "/shop");
    }

    @Autowired
    OrderService service;

    @Autowired
    AccountRepository accounts;

    @Test
    void ordersAreStoredOnTheirUsersShardAndListedAcrossShards() throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (long user = 1; user <= 4; user++) {
            accounts.save(new Account(user, "user " + user, 10_000));
            ids.add(service.placeOrder(user, "MUG", 1).getId());
        }

        Page<ShopOrder> newest = service.newestOrders(OrderStatus.PLACED, 0, 3);

        assertThat(newest.getTotalElements()).isEqualTo(4);
        assertThat(newest.getContent()).extracting(ShopOrder::getId)
                .containsExactly(ids.get(3), ids.get(2), ids.get(1));
        // user 3's order: hash-mod puts it in orders_0003, on ds1
        assertThat(idsIn(DS1, "orders_0003")).containsExactly(ids.get(2));
        assertThat(idsIn(DS0, "orders_0000")).containsExactly(ids.get(3));
    }

    private static MySQLContainer<?> backend(String alias) {
        return new MySQLContainer<>(DockerImageName.parse("mysql:8.4"))
                .withNetwork(NETWORK)
                .withNetworkAliases(alias)
                .withUsername("root")
                .withPassword("root")
                .withDatabaseName("shop")
                .withCommand("--mysql-native-password=ON")
                .withInitScript("shardgate-backend-account.sql");
    }

    /** shardgate's image from its Dockerfile; the build context holds just the files the Dockerfile copies. */
    private static ImageFromDockerfile shardgateImage() {
        Path repository = Path.of("../..");
        return new ImageFromDockerfile("shardgate-example-test", false)
                .withFileFromPath("Dockerfile", repository.resolve("Dockerfile"))
                .withFileFromPath("proxy/target/shardgate.jar", repository.resolve("proxy/target/shardgate.jar"))
                .withFileFromPath("docker/sharding.yaml", repository.resolve("docker/sharding.yaml"));
    }

    private static List<Long> idsIn(MySQLContainer<?> node, String table) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(node.getJdbcUrl(), "root", "root");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }
}
