package io.shardgate.bench.heap;

import io.shardgate.harness.BackendServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * One query through a fresh proxy JVM: start it, warm it up (point selects that prove the router's placement
 * matches the loaded tables, then a 20,000-row stream of the same ORDER BY), take the live-heap baseline
 * (two full collections, heap read right after), stream the query while {@link StreamWatch} probes, read the GC log of the window,
 * check that the proxy still answers a point select, stop the proxy. A fresh JVM per query keeps a run that exhausted the heap from poisoning the next one.
 */
final class ProxyRun {

    private static final int WARM_UP_ROWS = 20_000;

    private final BenchSettings settings;
    private final Path jar;
    private final DataSet data;

    ProxyRun(BenchSettings settings, Path jar, DataSet data) {
        this.settings = settings;
        this.jar = jar;
        this.data = data;
    }

    static String proxyUrl(int port, int socketTimeout) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + ShardLayout.SCHEMA + "?"
                + StreamingReader.streamingOptions(socketTimeout);
    }

    RunResult measure(Path dir, ShardLayout layout, List<BackendServer> nodes, Optional<String> heap,
                      QueryCase query, int[] orderedIds) throws IOException, SQLException {
        int port = ProxyProcess.freePort();
        List<Integer> nodePorts = nodes.stream().map(BackendServer::port).toList();
        String config = layout.proxyConfig(port, nodePorts, nodes.get(0).user(), nodes.get(0).password());
        String heapLabel = heap.orElse("default");
        try (ProxyProcess proxy = ProxyProcess.start(settings.java(), jar, dir, config, port, heap,
                settings.proxyJvmOptions(), ShardLayout.SCHEMA)) {
            String url = proxyUrl(port, settings.socketTimeout());
            Optional<String> warmUpFailure = warmUp(url, query, orderedIds);
            long baseline = warmUpFailure.isEmpty() ? baseline(proxy) : -1;
            proxy.gcLog().readNew();
            double loadBefore = OrderByHeapBench.loadAverage();
            StreamingReader reader = new StreamingReader(url, OrderByHeapBench.PROXY_USER,
                    OrderByHeapBench.PROXY_PASSWORD);
            StreamingReader.Outcome outcome;
            long peakRss;
            long peakLive = -1;
            int shardReads = -1;
            if (warmUpFailure.isPresent()) {
                outcome = new StreamingReader.Outcome(0, query.expectedRows(data.rows()), 0, 0,
                        "warm-up failed: " + warmUpFailure.get());
                peakRss = proxy.rssBytes();
            } else {
                try (ShardReadCounter counter = new ShardReadCounter(nodes)) {
                    StreamWatch watch = new StreamWatch(proxy, reader, settings.probeMillis(),
                            settings.stallSeconds(), counter::runningNow).start();
                    try {
                        outcome = reader.read(query, ShardLayout.TABLE, orderedIds, data.rows());
                    } finally {
                        watch.close();
                    }
                    peakRss = watch.peakRssBytes();
                    peakLive = watch.peakLiveBytes();
                    shardReads = watch.maxShardReads();
                }
            }
            double loadAfter = OrderByHeapBench.loadAverage();
            ProxyProcess.sleep(500);
            List<GcLog.Event> events = proxy.gcLog().readNew();
            long peakAny = events.stream().mapToLong(GcLog.Event::afterBytes).max().orElse(-1);
            int full = (int) events.stream().filter(GcLog.Event::full).count();
            boolean serving = proxy.isAlive() && answersPointSelect(proxyUrl(port, 15));
            boolean oom = proxy.outOfMemory() || outcome.failure().contains("OutOfMemoryError");
            if (!outcome.ok()) {
                OrderByHeapBench.log("proxy output (last lines):\n" + proxy.tail(15));
            }
            return new RunResult("proxy", layout.label(), heapLabel, query.label(), outcome, baseline, peakAny,
                    peakLive, events.size(), full, peakRss, shardReads, serving, oom, loadBefore, loadAfter);
        }
    }

    /** Empty when the warm-up went through; otherwise what failed. */
    private Optional<String> warmUp(String url, QueryCase query, int[] orderedIds) {
        try (Connection c = DriverManager.getConnection(url, OrderByHeapBench.PROXY_USER,
                OrderByHeapBench.PROXY_PASSWORD);
             Statement s = c.createStatement()) {
            for (long id = 1; id <= Math.min(data.rows(), 64); id++) {
                try (ResultSet rs = s.executeQuery("SELECT name FROM " + ShardLayout.TABLE + " WHERE id = " + id)) {
                    if (!rs.next() || !DataSet.name(id).equals(rs.getString(1))) {
                        return Optional.of("point select of id " + id + " through the proxy did not find its row");
                    }
                }
            }
        } catch (SQLException e) {
            return Optional.of("point selects: " + e.getMessage());
        }
        QueryCase head = new QueryCase("warm-up", query.key(), 0, WARM_UP_ROWS);
        StreamingReader.Outcome warm = new StreamingReader(url, OrderByHeapBench.PROXY_USER,
                OrderByHeapBench.PROXY_PASSWORD).read(head, ShardLayout.TABLE, orderedIds, data.rows());
        return warm.ok() ? Optional.empty() : Optional.of(warm.failure());
    }

    /**
     * Whether the proxy still serves after the stream, failed or not: a proxy out of heap should recover.
     * {@code url} carries a short socket timeout: a wedged proxy may accept the TCP connection and never greet.
     */
    private boolean answersPointSelect(String url) {
        try (Connection c = DriverManager.getConnection(url, OrderByHeapBench.PROXY_USER,
                OrderByHeapBench.PROXY_PASSWORD);
             Statement s = c.createStatement()) {
            s.setQueryTimeout(10);
            try (ResultSet rs = s.executeQuery("SELECT name FROM " + ShardLayout.TABLE + " WHERE id = 1")) {
                return rs.next() && DataSet.name(1).equals(rs.getString(1));
            }
        } catch (SQLException e) {
            OrderByHeapBench.log("the proxy does not serve after the stream: " + e.getMessage());
            return false;
        }
    }

    /** Live heap of the idle, warm proxy: the "after" of the second of two full collections. */
    private static long baseline(ProxyProcess proxy) {
        try {
            proxy.fullGc();
            return proxy.fullGc();
        } catch (RuntimeException e) {
            OrderByHeapBench.log("no baseline: " + e);
            return -1;
        }
    }

    /** A private copy of the jar: someone rebuilding it mid-run must not change what is measured. */
    static Path copyJar(Path jar, Path work) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no proxy jar at " + jar + " (build it: ./mvnw -B -q -o -pl proxy -am package"
                    + " -DskipTests)");
        }
        return Files.copy(jar, work.resolve("shardgate.jar"));
    }
}
