package io.shardgate.bench.heap;

import io.shardgate.harness.BackendCluster;
import io.shardgate.harness.BackendServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Issue #6's memory bound, measured: "streaming 1,000,000 rows through an ORDER BY merge over 8 shards grows
 * the proxy heap by less than 64 MiB". For each layout (8 shards over N nodes) it starts real MariaDB servers
 * with the project's harness, loads the rows on the backends, then for each proxy heap setting and query
 * starts a shardgate proxy in its own JVM and streams the query through it with a row-streaming client,
 * checking count and order, while reading the proxy's live heap from its GC log. Prints one table.
 *
 * <p>A benchmark, not a test: a failed stream is a result (printed, with the reason); the exit code is
 * non-zero only when the setup itself fails. Run it with {@code bench/heap/orderby-heap.sh}, which builds
 * what is missing:
 *
 * <pre>
 * bench/heap/orderby-heap.sh                                  # 8 and 2 nodes, default/96m/64m heaps, 3 queries
 * NODES=8 HEAPS=64m QUERIES=full bench/heap/orderby-heap.sh   # one run
 * </pre>
 */
public final class OrderByHeapBench {

    static final String PROXY_USER = "app";
    static final String PROXY_PASSWORD = "app";

    private OrderByHeapBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings;
        try {
            settings = BenchSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path work = settings.workDir().isPresent()
                ? Files.createDirectories(settings.workDir().get())
                : Files.createTempDirectory("shardgate-heapbench");
        Path jar = ProxyRun.copyJar(settings.proxyJar(), work);
        log("work dir " + work + "; proxy jar " + settings.proxyJar() + " ("
                + Files.getLastModifiedTime(settings.proxyJar()) + "); proxy java " + settings.java()
                + "; load average " + loadAverage());
        DataSet data = new DataSet(settings.rows());
        Map<DataSet.SortKey, int[]> orders = new EnumMap<>(DataSet.SortKey.class);
        for (QueryCase query : settings.queries()) {
            orders.computeIfAbsent(query.key(), data::orderedIds);
        }
        List<RunResult> results = new ArrayList<>();
        for (int nodes : settings.nodeCounts()) {
            results.addAll(runLayout(settings, new ShardLayout(nodes, settings.shards()), data, orders, jar, work));
            log("so far:\n" + SummaryTable.markdown(results));
        }
        System.out.println();
        System.out.println("ORDER BY heap benchmark: " + String.format(Locale.ROOT, "%,d", settings.rows())
                + " rows, " + settings.shards() + " shards, full-GC probe every " + settings.probeMillis()
                + " ms, " + Runtime.getRuntime().availableProcessors() + " CPUs");
        System.out.print(SummaryTable.markdown(results));
        System.out.println("baseline = live heap of the warm idle proxy (right after a full GC); growth = the highest"
                + " heap after any GC during the stream minus the baseline. Issue #6 bound: growth < 64 MiB.\n"
                + "A FAILED run's growth is capped by its -Xmx; 'proxy OOM' = the proxy ran out of heap (and said"
                + " so to the client or in its log); 'proxy down' = it no longer answered a point select after.");
        if (settings.results().isPresent()) {
            SummaryTable.appendTsv(settings.results().get(), results);
        }
    }

    private static List<RunResult> runLayout(BenchSettings settings, ShardLayout layout, DataSet data,
                                             Map<DataSet.SortKey, int[]> orders, Path jar, Path work)
            throws IOException, SQLException {
        List<RunResult> results = new ArrayList<>();
        log("starting " + layout.nodes() + " MariaDB primaries");
        try (BackendCluster cluster = BackendCluster.builder().primaries(layout.nodes())
                .serverFlags("--innodb-buffer-pool-size=" + settings.bufferPool()).start()) {
            log("backends " + cluster.serverVersion() + " up in " + cluster.startupTime().toMillis() + " ms; loading "
                    + data.rows() + " rows into " + layout.label());
            long started = System.nanoTime();
            long loaded = new TableLoader(cluster, layout, data).load(settings.direct());
            log(String.format(Locale.ROOT, "loaded %,d rows in %.1f s", loaded, (System.nanoTime() - started) / 1e9));
            if (loaded != data.rows()) {
                throw new IllegalStateException("loaded " + loaded + " rows, expected " + data.rows());
            }
            if (settings.direct()) {
                results.addAll(direct(settings, cluster.primary(0), data, orders));
            }
            ProxyRun run = new ProxyRun(settings, jar, data);
            for (Optional<String> heap : settings.heaps()) {
                for (int round = 1; round <= settings.repeat(); round++) {
                    for (QueryCase query : settings.queries()) {
                        String tag = layout.nodes() + "nodes-" + heap.orElse("default") + "-" + query.label()
                                + (settings.repeat() > 1 ? "-" + round : "");
                        log("proxy run " + tag);
                        RunResult result = run.measure(work.resolve(tag), layout, cluster.primaries(), heap,
                                query, orders.get(query.key()));
                        log(result.result() + " " + String.join(" | ", result.cells())
                                + (result.outcome().ok() ? "" : " -- " + result.outcome().failure()));
                        results.add(result);
                    }
                }
            }
        }
        return results;
    }

    /** The same queries straight from one unsharded table on node 0: MariaDB's own ORDER BY, for reference. */
    private static List<RunResult> direct(BenchSettings settings, BackendServer server,
                                          DataSet data, Map<DataSet.SortKey, int[]> orders) {
        List<RunResult> results = new ArrayList<>();
        for (QueryCase query : settings.queries()) {
            double before = loadAverage();
            StreamingReader reader = new StreamingReader(TableLoader.rootUrl(server, ShardLayout.SCHEMA),
                    server.rootUser().user(), server.rootUser().password());
            StreamingReader.Outcome outcome = reader.read(query, TableLoader.UNSHARDED, orders.get(query.key()),
                    data.rows());
            RunResult result = new RunResult("direct", "1 table / 1 node", "-", query.label(), outcome, -1, -1, -1,
                    0, 0, -1, -1, true, false, before, loadAverage());
            log("direct " + query.label() + ": " + String.join(" | ", result.cells())
                    + (outcome.ok() ? "" : " -- " + outcome.failure()));
            results.add(result);
        }
        return results;
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static void log(String message) {
        System.err.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + message);
    }
}
