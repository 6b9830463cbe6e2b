package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 200,000 rows of ~100 bytes (20 MB) stream through the proxy to clients that fetch in small pieces: a
 * server-side cursor ({@code useCursorFetch}, 1,000 rows a fetch) and Connector/J's row streaming (fetch size
 * Integer.MIN_VALUE). Every row arrives. The heap and Netty direct memory are printed, not asserted (the test
 * JVM runs the driver too, and GC timing is not ours): the numbers show whether the proxy buffered the result.
 */
@ExtendWith(SharedBackends.class)
class LargeResultIT {

    private static final int ROWS = 200_000;
    private static final long ID_SUM = (long) ROWS * (ROWS + 1) / 2;

    private static CompatProxy proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = CompatProxy.start(backends, "compat_large");
        try (Connection c = proxy.direct(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE big (id INT PRIMARY KEY, pad CHAR(100))");
            s.execute("SET SESSION max_recursive_iterations = " + ROWS);
            s.execute("INSERT INTO big WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < "
                    + ROWS + ") SELECT n, REPEAT(CHAR(65 + n % 26), 100) FROM seq");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"useCursorFetch=true&defaultFetchSize=1000", "streaming",
            "useServerPrepStmts=true&useCursorFetch=true&defaultFetchSize=1000"})
    void everyRowArrivesInSmallPieces(String mode) throws SQLException {
        boolean streaming = mode.equals("streaming");
        Memory before = Memory.now();
        long rows = 0;
        long idSum = 0;
        long padBytes = 0;
        try (Connection c = proxy.connect(streaming ? "" : mode);
             Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            if (streaming) {
                s.setFetchSize(Integer.MIN_VALUE);
            }
            try (ResultSet rs = s.executeQuery("SELECT id, pad FROM big ORDER BY id")) {
                while (rs.next()) {
                    rows++;
                    idSum += rs.getLong(1);
                    padBytes += rs.getString(2).length();
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM big")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("the connection is usable after the result").isEqualTo(ROWS);
            }
        }
        Memory after = Memory.now();
        assertThat(rows).isEqualTo(ROWS);
        assertThat(idSum).isEqualTo(ID_SUM);
        assertThat(padBytes).isEqualTo(100L * ROWS);
        System.out.printf("LargeResultIT %s: %d rows; heap used %d -> %d MiB (peak %d MiB), netty direct %d -> %d MiB%n",
                mode, rows, before.heapUsed >> 20, after.heapUsed >> 20, after.heapPeak >> 20,
                before.nettyDirect >> 20, after.nettyDirect >> 20);
    }

    /** Heap in use, the heap pools' peak since the last snapshot, Netty's pooled direct memory. */
    private record Memory(long heapUsed, long heapPeak, long nettyDirect) {
        static Memory now() {
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                    pool.resetPeakUsage();
                }
            }
            return new Memory(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), peak,
                    PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory());
        }
    }
}
