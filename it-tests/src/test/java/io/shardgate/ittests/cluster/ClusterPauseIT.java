package io.shardgate.ittests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.proxy.server.ShardgateServer;
import io.shardgate.router.keygen.SnowflakeLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A proxy paused (SIGSTOP) past its ZooKeeper session timeout, while another instance takes its worker id: when it
 * resumes, INSERTs that were waiting in its socket must not get ids with the worker id it no longer holds. They are
 * refused with a clear error until it leases another id, and then succeed; no id repeats. The rows are read from
 * every backend directly.
 */
@ExtendWith(SharedBackends.class)
class ClusterPauseIT {

    private static final String SCHEMA = "fleet_pause";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private Backends backends;
    private ProxyFleet fleet;

    @BeforeEach
    void start(Backends backends) throws Exception {
        this.backends = backends;
        ProxyFleet.freshSchema(backends, SCHEMA);
        fleet = new ProxyFleet(backends, SCHEMA, "3s");
    }

    @AfterEach
    void stop() throws SQLException {
        fleet.close();
        ProxyFleet.dropSchema(backends, SCHEMA);
    }

    @Test
    void aPausedInstanceWhoseSessionExpiredMakesNoIdOfItsOldWorkerId() throws Exception {
        assertThat(fleet.push(fleet.sharedYaml(ClusterConfigIT.SCHEMAS.replace("LOCATIONS", "2, 2"), ""))).isZero();
        int port = ProxyFleet.freePort();
        Path local = fleet.dir().resolve("paused.yaml");
        Files.writeString(local, Files.readString(fleet.localFile()) + "  listen: 127.0.0.1:" + port + "\n");
        String url = "jdbc:mysql://127.0.0.1:" + port + "/" + SCHEMA;
        try (ProxyProcess paused = ProxyProcess.serve(local);
             CuratorFramework zk = CuratorFrameworkFactory.builder().connectString(fleet.zookeeper().connectString())
                     .namespace("it").retryPolicy(new RetryOneTime(200)).build()) {
            zk.start();
            paused.awaitOutput("leased worker id 0", WAIT);
            paused.awaitOutput("listening on", WAIT);
            // no primary key: a repeated id would be stored, and found below
            try (Connection c = DriverManager.getConnection(url, ProxyFixture.USER, ProxyFixture.PASSWORD);
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE items (id BIGINT NOT NULL, src VARCHAR(40), KEY (id))");
                for (int i = 0; i < 20; i++) {
                    s.executeUpdate("INSERT INTO items (src) VALUES ('before')");
                }
            }
            List<Connection> waiting = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                waiting.add(DriverManager.getConnection(url, ProxyFixture.USER, ProxyFixture.PASSWORD));
            }

            long pausedAt = System.currentTimeMillis();
            paused.signal("STOP");
            ProxyFleet.await("the paused instance's session expired (its worker znode is gone)", WAIT,
                    () -> exists(zk, "/workers/0000") == false);
            ShardgateServer other = fleet.startInstance();
            ProxyFleet.await("the other instance leased worker id 0", WAIT,
                    () -> other.cluster().workerId().getAsInt() == 0);

            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger resumedOk = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            threads.add(Thread.ofPlatform().start(() -> {
                try (Connection c = fleet.client(other); Statement s = c.createStatement()) {
                    while (!stop.get()) {
                        s.executeUpdate("INSERT INTO items (src) VALUES ('other')");
                    }
                } catch (SQLException e) {
                    unexpected.add("other: " + e.getMessage());
                }
            }));
            // INSERTs sent to the stopped process: they wait in its socket and are read the moment it resumes
            for (Connection c : waiting) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try (c; Statement s = c.createStatement()) {
                        while (!stop.get()) {
                            try {
                                s.executeUpdate("INSERT INTO items (src) VALUES ('resumed')");
                                resumedOk.incrementAndGet();
                            } catch (SQLException e) {
                                if (e.getErrorCode() == 1105 && e.getMessage().contains("cannot generate")) {
                                    refused.incrementAndGet();
                                    Thread.sleep(5);
                                } else {
                                    unexpected.add("resumed: " + e.getErrorCode() + " " + e.getMessage());
                                    return;
                                }
                            }
                        }
                    } catch (SQLException | InterruptedException e) {
                        unexpected.add("resumed: " + e.getMessage());
                    }
                }));
            }
            Thread.sleep(500);
            paused.signal("CONT");
            paused.awaitOutput("leased worker id 1", WAIT);
            ProxyFleet.await("the resumed instance's INSERTs succeed again", WAIT, () -> resumedOk.get() >= 50);
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
            assertThat(unexpected).isEmpty();

            List<long[]> rows = rows(); // id, src (0 before, 1 other, 2 resumed)
            Set<Long> distinct = new HashSet<>();
            rows.forEach(r -> distinct.add(r[0]));
            assertThat(distinct).as("no id stored twice").hasSize(rows.size());
            for (long[] r : rows) {
                int worker = SnowflakeLayout.STANDARD.workerOf(r[0]);
                long at = SnowflakeLayout.STANDARD.timestampOf(r[0]).toEpochMilli();
                if (r[1] == 0) {
                    assertThat(worker).isZero();
                    assertThat(at).isLessThanOrEqualTo(pausedAt);
                } else if (r[1] == 1) {
                    assertThat(worker).isZero();
                } else {
                    assertThat(worker).as("an id made after the pause with the worker id the instance lost").isOne();
                }
            }
            System.out.printf("paused instance: %d INSERTs refused after it resumed, %d succeeded with its new worker "
                    + "id; %d rows, all distinct%n", refused.get(), resumedOk.get(), rows.size());
        }
    }

    private static boolean exists(CuratorFramework zk, String path) {
        try {
            return zk.checkExists().forPath(path) != null;
        } catch (Exception e) {
            return true;
        }
    }

    private List<long[]> rows() throws SQLException {
        List<long[]> rows = new ArrayList<>();
        int table = 0;
        for (BackendEndpoint p : backends.primaries()) {
            try (Connection c = DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
                 Statement s = c.createStatement()) {
                for (int i = 0; i < 2; i++, table++) {
                    try (ResultSet rs = s.executeQuery("SELECT id, src FROM " + SCHEMA + ".items_"
                            + String.format("%04d", table))) {
                        while (rs.next()) {
                            String src = rs.getString(2);
                            rows.add(new long[] {rs.getLong(1), src.equals("before") ? 0 : src.equals("other") ? 1 : 2});
                        }
                    }
                }
            }
        }
        return rows;
    }
}
