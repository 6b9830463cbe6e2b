package io.shardgate.ittests.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.proxy.transport.IoThreads;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code proxy.io-threads}: the proxy runs exactly that many worker event loops, and one loop serves many
 * concurrent clients on a sharded table (client and backend channels all on the one loop) with every row on
 * its shard.
 */
@ExtendWith(SharedBackends.class)
class IoThreadsIT {

    private static final String YAML = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - {name: items, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [1, 1]}
            """;
    private static final int CLIENTS = 12;
    private static final int ROWS_PER_CLIENT = 20;

    @Test
    void oneLoopServesConcurrentClientsOnAShardedTable(Backends backends) throws Exception {
        Set<String> before = ioThreadNames();
        try (ProxyFixture proxy = ProxyFixture.startWith(backends, "io_threads_one", YAML, "  io-threads: 1\n")) {
            runClients(proxy);
            assertThat(newIoThreads(before)).hasSize(1);
            long onShards = 0;
            for (int node = 0; node < 2; node++) {
                try (Connection c = proxy.direct(node, ""); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(SUM(id % 2 <> " + node
                             + "), 0) FROM items_000" + node)) {
                    rs.next();
                    assertThat(rs.getLong(2)).as("rows of the other shard on ds%d", node).isZero();
                    onShards += rs.getLong(1);
                }
            }
            assertThat(onShards).isEqualTo((long) CLIENTS * ROWS_PER_CLIENT);
        }
    }

    @Test
    void threeLoopsAreThree(Backends backends) throws Exception {
        Set<String> before = ioThreadNames();
        try (ProxyFixture proxy = ProxyFixture.startWith(backends, "io_threads_three", YAML, "  io-threads: 3\n")) {
            runClients(proxy);
            // channels are spread round-robin, so a dozen clients start all three loops and no more
            assertThat(newIoThreads(before)).hasSize(3);
        }
    }

    /** Each client inserts its rows and reads its sum back, all at once. */
    private static void runClients(ProxyFixture proxy) throws Exception {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INT NOT NULL PRIMARY KEY, v INT NOT NULL)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Long>> sums = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int first = client * ROWS_PER_CLIENT;
                sums.add(pool.submit(() -> {
                    try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
                        for (int id = first; id < first + ROWS_PER_CLIENT; id++) {
                            s.executeUpdate("INSERT INTO items (id, v) VALUES (" + id + ", " + id + ")");
                        }
                        try (ResultSet rs = s.executeQuery("SELECT SUM(v) FROM items WHERE id >= " + first
                                + " AND id < " + (first + ROWS_PER_CLIENT))) {
                            rs.next();
                            return rs.getLong(1);
                        }
                    }
                }));
            }
            for (int client = 0; client < CLIENTS; client++) {
                long first = (long) client * ROWS_PER_CLIENT;
                long last = first + ROWS_PER_CLIENT - 1;
                assertThat(sums.get(client).get(60, TimeUnit.SECONDS)).isEqualTo((first + last) * ROWS_PER_CLIENT / 2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Set<String> ioThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(IoThreads.THREAD_NAME + "-")).collect(Collectors.toSet());
    }

    /** The worker loops' threads started since {@code before}: this test's proxy's own. */
    private static Set<String> newIoThreads(Set<String> before) {
        Set<String> now = ioThreadNames();
        now.removeAll(before);
        return now;
    }
}
