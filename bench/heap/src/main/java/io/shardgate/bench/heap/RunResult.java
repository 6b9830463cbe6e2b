package io.shardgate.bench.heap;

import java.util.List;
import java.util.Locale;

/**
 * One measured stream, through the proxy or (for reference) directly from one backend.
 *
 * @param path           {@code proxy} or {@code direct}
 * @param layout         the shard layout's label
 * @param heap           the proxy's {@code -Xmx}, {@code default}, or {@code -} for direct runs
 * @param query          the query's label
 * @param outcome        rows, timings and the first failure
 * @param baselineBytes  heap in use right after the second of two full collections before the stream (the warm,
 *                       idle proxy's live heap); -1 if unknown
 * @param peakAfterAny   highest heap after any collection during the stream, from the GC log (MiB resolution;
 *                       after a young collection an upper bound of the live heap)
 * @param peakAfterFull  highest heap in use right after a probe's full collection during the stream (exact
 *                       live heap); -1 without probes
 * @param collections    collections during the stream, of which {@code fullCollections} full
 * @param peakRssBytes   highest resident set size sampled during the stream
 * @param shardReads     the most shard statements seen running at once on the backends (all shards = the
 *                       merge streams; fewer = shards took turns on a connection); -1 if not sampled
 * @param proxyServing   whether the proxy still answered a point select after the stream
 * @param outOfMemory    whether the proxy logged or answered an OutOfMemoryError
 * @param loadBefore     1-minute load average before the stream
 * @param loadAfter      1-minute load average after it
 */
record RunResult(String path, String layout, String heap, String query, StreamingReader.Outcome outcome,
                 long baselineBytes, long peakAfterAny, long peakAfterFull, int collections, int fullCollections,
                 long peakRssBytes, int shardReads, boolean proxyServing, boolean outOfMemory, double loadBefore, double loadAfter) {

    static final List<String> COLUMNS = List.of("path", "layout", "heap", "query", "result", "rows", "seconds",
            "rows/s", "first row s", "baseline MiB", "peak after GC MiB", "peak after full GC MiB",
            "growth MiB", "GCs (full)", "RSS peak MiB", "shard reads at once", "load");

    /** Growth of the live heap: the highest post-collection heap during the stream minus the baseline. */
    long growthBytes() {
        if (baselineBytes < 0 || peakAfterAny < 0) {
            return -1;
        }
        return Math.max(peakAfterAny, peakAfterFull) - baselineBytes;
    }

    String result() {
        if (outcome.ok()) {
            return "ok";
        }
        return "FAILED" + (outOfMemory ? " (proxy OOM)" : "") + (proxyServing ? "" : " (proxy down)");
    }

    List<String> cells() {
        boolean proxy = path.equals("proxy");
        return List.of(path, layout, heap, query, result(),
                Long.toString(outcome.rows()),
                format("%.1f", outcome.totalNanos() / 1e9),
                format("%,.0f", outcome.rowsPerSecond()),
                format("%.2f", outcome.firstRowNanos() / 1e9),
                proxy ? mib(baselineBytes) : "-",
                proxy ? mib(peakAfterAny) : "-",
                proxy ? mib(peakAfterFull) : "-",
                proxy ? mib(growthBytes()) : "-",
                proxy ? collections + " (" + fullCollections + ")" : "-",
                proxy ? mib(peakRssBytes) : "-",
                proxy && shardReads >= 0 ? Integer.toString(shardReads) : "-",
                format("%.1f->%.1f", loadBefore, loadAfter));
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "?" : format("%.1f", bytes / (1024.0 * 1024.0));
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
