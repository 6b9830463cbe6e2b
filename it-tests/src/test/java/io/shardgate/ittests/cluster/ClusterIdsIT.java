package io.shardgate.ittests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.proxy.server.ShardgateServer;
import io.shardgate.router.keygen.NoWorkerIdException;
import io.shardgate.router.keygen.SnowflakeLayout;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Unique ids across a fleet: three instances generating concurrently, one of them restarted midway, never repeat an id
 * among millions, made through each instance's own key generators (the ones its router uses) and through real INSERTs
 * whose rows are then read from every backend directly.
 */
@ExtendWith(SharedBackends.class)
class ClusterIdsIT {

    private static final String SCHEMA = "fleet_ids";
    private static final long KEYGEN_IDS = 3_000_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private Backends backends;
    private ProxyFleet fleet;

    @BeforeEach
    void start(Backends backends) throws Exception {
        this.backends = backends;
        ProxyFleet.freshSchema(backends, SCHEMA);
        fleet = new ProxyFleet(backends, SCHEMA, "4s");
    }

    @AfterEach
    void stop() throws SQLException {
        fleet.close();
        ProxyFleet.dropSchema(backends, SCHEMA);
    }

    @Test
    void threeInstancesOneRestartedNeverRepeatAnId() throws Exception {
        assertThat(fleet.push(fleet.sharedYaml(ClusterConfigIT.SCHEMAS.replace("LOCATIONS", "2, 2"), ""))).isZero();
        AtomicReferenceArray<ShardgateServer> slots = new AtomicReferenceArray<>(3);
        for (int i = 0; i < 3; i++) {
            slots.set(i, fleet.startInstance());
        }
        ProxyFleet.await("every instance holds a worker id", WAIT, () -> fleet.instances().stream()
                .allMatch(s -> s.cluster().workerId().getAsInt() >= 0));
        try (Connection c = fleet.client(slots.get(0)); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, src VARCHAR(40))");
        }

        AtomicLong made = new AtomicLong();
        AtomicLong madeAfterRestart = new AtomicLong();
        AtomicBoolean restartedUp = new AtomicBoolean();
        AtomicLong refused = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<long[]> batches = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int slot = t % 3;
            threads.add(Thread.ofPlatform().name("keygen-" + t).start(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                while (!stop.get()) {
                    // enough made: wait (the restarted instance goes on until it made its share too)
                    if (made.get() >= KEYGEN_IDS && (slot != 1 || madeAfterRestart.get() >= KEYGEN_IDS / 10)) {
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                        continue;
                    }
                    try {
                        long[] ids = slots.get(slot).ids().of(SnowflakeLayout.STANDARD).next(64);
                        if (slot == 1 && restartedUp.get()) {
                            madeAfterRestart.addAndGet(ids.length);
                        }
                        if (n + ids.length > mine.length) {
                            batches.add(Arrays.copyOf(mine, n));
                            n = 0;
                        }
                        System.arraycopy(ids, 0, mine, n, ids.length);
                        n += ids.length;
                        made.addAndGet(ids.length);
                    } catch (NoWorkerIdException e) {
                        refused.incrementAndGet(); // the restarted instance between its close and its new lease
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                    } catch (RuntimeException e) {
                        failures.add(e);
                        return;
                    }
                }
                batches.add(Arrays.copyOf(mine, n));
            }));
        }
        // real INSERTs through the two instances that stay up, all the while
        AtomicLong inserted = new AtomicLong();
        for (int slot : new int[] {0, 2}) {
            threads.add(Thread.ofPlatform().name("insert-" + slot).start(() -> {
                try (Connection c = fleet.client(slots.get(slot)); Statement s = c.createStatement()) {
                    while (!stop.get()) {
                        s.executeUpdate("INSERT INTO items (src) VALUES ('" + slot + "'), ('" + slot + "')");
                        inserted.addAndGet(2);
                    }
                } catch (SQLException e) {
                    failures.add(e);
                }
            }));
        }

        ProxyFleet.await("a third of the ids made", WAIT, () -> made.get() >= KEYGEN_IDS / 3 || !failures.isEmpty());
        ShardgateServer old = slots.get(1);
        int oldWorker = old.cluster().workerId().getAsInt();
        fleet.stop(old);
        ShardgateServer restarted = fleet.startInstance();
        slots.set(1, restarted);
        ProxyFleet.await("the restarted instance holds a worker id", WAIT,
                () -> restarted.cluster().workerId().getAsInt() >= 0);
        restartedUp.set(true);
        try (Connection c = fleet.client(restarted); Statement s = c.createStatement()) {
            for (int i = 0; i < 200; i++) {
                s.executeUpdate("INSERT INTO items (src) VALUES ('restarted')");
            }
        }
        ProxyFleet.await("all ids made", Duration.ofMinutes(5), () -> made.get() >= KEYGEN_IDS
                && madeAfterRestart.get() >= KEYGEN_IDS / 10 || !failures.isEmpty());
        stop.set(true);
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertThat(failures).isEmpty();

        long[] all = batches.stream().flatMapToLong(Arrays::stream).toArray();
        List<Long> rows = storedIds();
        assertThat(rows).hasSize((int) (inserted.get() + 200));
        long[] everything = new long[all.length + rows.size()];
        System.arraycopy(all, 0, everything, 0, all.length);
        for (int i = 0; i < rows.size(); i++) {
            everything[all.length + i] = rows.get(i);
        }
        Arrays.sort(everything);
        long repeats = 0;
        for (int i = 1; i < everything.length; i++) {
            repeats += everything[i] == everything[i - 1] ? 1 : 0;
        }
        System.out.printf("fleet ids: %d through the key generators (%d by the restarted instance), %d stored by "
                + "INSERTs, %d batches refused while the restarted instance had no lease; worker id %d before the "
                + "restart, %d after; %d repeats%n", all.length, madeAfterRestart.get(), rows.size(), refused.get(),
                oldWorker, restarted.cluster().workerId().getAsInt(), repeats);
        assertThat(all.length).isGreaterThanOrEqualTo((int) KEYGEN_IDS);
        assertThat(repeats).isZero();
    }

    /** Every id stored in every physical table, read from each primary directly. */
    private List<Long> storedIds() throws SQLException {
        List<Long> ids = new ArrayList<>();
        int table = 0;
        for (BackendEndpoint p : backends.primaries()) {
            try (Connection c = DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
                 Statement s = c.createStatement()) {
                for (int i = 0; i < 2; i++, table++) {
                    try (ResultSet rs = s.executeQuery("SELECT id FROM " + SCHEMA + ".items_" + String.format("%04d",
                            table))) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                        }
                    }
                }
            }
        }
        return ids;
    }

}
