package io.shardgate.demo;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.HostPort;
import io.shardgate.config.NodeConfig;
import io.shardgate.config.ReplicaConfig;
import io.shardgate.config.Secret;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.harness.BackendCluster;
import io.shardgate.harness.BackendServer;
import io.shardgate.proxy.server.ShardgateServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The embedded default: real local MariaDB servers (2 shard primaries, 1 replica), the demo schema's
 * physical tables created through the proxy, sample rows loaded through it, and the proxy serving on
 * 127.0.0.1:3307 until Ctrl-C, which stops everything it started.
 *
 * <p>A module and a jar of its own ({@code demo/target/shardgate-demo.jar}, run by {@code bin/shardgate
 * demo}): it needs the test harness that starts MariaDB servers, which the proxy's own jar does not carry.
 */
@Command(name = "shardgate demo", mixinStandardHelpOptions = true,
        description = "Start local MariaDB shards and the proxy with the demo schema (examples/demo.yaml).")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "3307", description = "proxy port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--rows", defaultValue = "300", description = "sample orders to load (default: ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--exit-after-load", description = "stop after loading (for scripted checks)")
    boolean exitAfterLoad;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command without exiting, for tests. */
    public static int run(String... args) {
        return new CommandLine(new DemoCommand()).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        System.out.println("starting 2 MariaDB primaries and 1 replica ...");
        BackendCluster cluster = BackendCluster.builder().primaries(2).replicas(1).start();
        ShardgateServer server = null;
        try {
            System.out.printf("backends up in %d ms (%s)%n", cluster.startupTime().toMillis(), cluster.serverVersion());
            for (BackendServer primary : cluster.primaries()) {
                cluster.query(primary, "CREATE DATABASE IF NOT EXISTS shop");
            }
            ShardgateConfig config = withClusterAddresses(loadDemoConfig(), cluster);
            try {
                server = ShardgateServer.start(config, new HostPort("127.0.0.1", port));
            } catch (IllegalStateException e) { // the port is taken: one line, and the servers started go away
                System.err.println("cannot start: " + e.getMessage());
                cluster.close();
                return 1;
            }
            DemoData.load("jdbc:mysql://127.0.0.1:" + port + "/shop", "app", "app", rows);
            printWelcome();
            if (exitAfterLoad) {
                return 0;
            }
            CountDownLatch stop = new CountDownLatch(1);
            ShardgateServer running = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("\nstopping the proxy and the MariaDB servers ...");
                running.close();
                cluster.close();
                stop.countDown();
            }, "demo-shutdown"));
            stop.await();
            return 0;
        } finally {
            if (exitAfterLoad || Thread.currentThread().isInterrupted()) {
                if (server != null) {
                    server.close();
                }
                cluster.close();
            }
        }
    }

    static ShardgateConfig loadDemoConfig() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo.yaml")) {
            if (in == null) {
                throw new IOException("demo.yaml is missing from the jar");
            }
            return ConfigLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo.yaml");
        }
    }

    /** ds0 -> primary 0 (+ the replica), ds1 -> primary 1; credentials of the harness's proxy user. */
    static ShardgateConfig withClusterAddresses(ShardgateConfig config, BackendCluster cluster) {
        List<NodeConfig> nodes = new ArrayList<>();
        for (int i = 0; i < config.nodes().size(); i++) {
            NodeConfig n = config.nodes().get(i);
            BackendServer primary = cluster.primary(i % cluster.primaries().size());
            List<ReplicaConfig> replicas = new ArrayList<>();
            for (BackendServer r : cluster.replicas()) {
                if (cluster.primaryOf(r).equals(primary)) {
                    replicas.add(new ReplicaConfig(new HostPort(r.host(), r.port()), 1));
                }
            }
            nodes.add(new NodeConfig(n.name(), new HostPort(primary.host(), primary.port()), replicas,
                    primary.user(), new Secret(primary.password()), n.pool(), n.maxReplicaLag()));
        }
        return new ShardgateConfig(config.proxy(), config.admin(), nodes, config.schemas(), config.timeZone());
    }

    private void printWelcome() {
        System.out.printf("""

                shardgate is serving the demo schema `shop` on 127.0.0.1:%1$d
                  mysql -h127.0.0.1 -P%1$d -uapp -papp shop
                  jdbc:mysql://127.0.0.1:%1$d/shop?user=app&password=app

                try:
                  SHOW TABLES;
                  SELECT * FROM orders WHERE user_id = 42;                  -- one shard
                  SELECT user_id, COUNT(*), SUM(amount) FROM orders GROUP BY user_id ORDER BY 3 DESC LIMIT 5;
                  SELECT o.order_id, i.sku FROM orders o JOIN order_items i ON i.order_id = o.order_id
                    AND i.user_id = o.user_id WHERE o.user_id = 7;          -- binding tables: one shard
                  SELECT region, COUNT(*) FROM customers GROUP BY region;   -- region strategy
                  SELECT COUNT(*) FROM events WHERE created_at >= '2025-07-01';  -- time strategy prunes ds0
                  INSERT INTO orders (user_id, amount) VALUES (42, 9.99);  -- order_id from the snowflake generator

                Ctrl-C stops the proxy and the MariaDB servers.
                """, port);
    }
}
