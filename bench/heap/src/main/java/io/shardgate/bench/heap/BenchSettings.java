package io.shardgate.bench.heap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark's knobs, from {@code --key=value} arguments (the shell wrapper maps its environment onto
 * them). Unknown keys are refused with the list of known ones.
 *
 * @param nodeCounts      one run per entry: 8 shards over this many nodes ({@code --nodes=8,2})
 * @param shards          physical tables of {@code t}
 * @param rows            rows in {@code t}
 * @param heaps           proxy {@code -Xmx} per run; empty = the JVM default ({@code --heaps=default,96m,64m})
 * @param queries         which {@link QueryCase}s
 * @param repeat          runs of every (heap, query) cell, each on a fresh proxy JVM
 * @param probeMillis     period of forced full collections in the proxy during a stream; 0 = none
 * @param stallSeconds    a stream that delivers no row for this long is ended
 * @param socketTimeout   Connector/J socket timeout, seconds
 * @param direct          also stream the same queries from one unsharded table on node 0, for reference
 * @param proxyJar        the shardgate jar (copied before use)
 * @param java            the {@code java} launcher for the proxy (JDK 21+)
 * @param proxyJvmOptions extra JVM options for the proxy
 * @param bufferPool      {@code innodb_buffer_pool_size} of every backend
 * @param workDir         logs and configs; empty for a fresh temporary directory
 * @param results         a TSV file that receives one line per run, if set
 */
record BenchSettings(List<Integer> nodeCounts, int shards, long rows, List<Optional<String>> heaps,
                     List<QueryCase> queries, int repeat, long probeMillis, int stallSeconds, int socketTimeout, boolean direct,
                     Path proxyJar, Path java, List<String> proxyJvmOptions, String bufferPool,
                     Optional<Path> workDir, Optional<Path> results) {

    private static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("nodes", "8,2");
        d.put("shards", "8");
        d.put("rows", "1000000");
        d.put("heaps", "default,96m,64m");
        d.put("queries", "full,limit,name");
        d.put("repeat", "1");
        d.put("probe-ms", "1000");
        d.put("stall-seconds", "120");
        d.put("socket-timeout", "600");
        d.put("direct", "true");
        d.put("proxy-jar", "proxy/target/shardgate.jar");
        d.put("java", ProcessHandle.current().info().command().orElse("java"));
        d.put("proxy-opts", "");
        d.put("buffer-pool", "128M");
        d.put("work-dir", "");
        d.put("results", "");
        return Map.copyOf(d);
    }

    static BenchSettings parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --key=value, got '" + arg + "'");
            }
            String key = arg.substring(2, eq);
            if (!DEFAULTS.containsKey(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; known: " + DEFAULTS.keySet());
            }
            values.put(key, arg.substring(eq + 1));
        }
        List<Optional<String>> heaps = new ArrayList<>();
        for (String heap : list(values.get("heaps"))) {
            heaps.add(heap.equals("default") ? Optional.empty() : Optional.of(heap));
        }
        long rows = Long.parseLong(values.get("rows"));
        return new BenchSettings(
                list(values.get("nodes")).stream().map(Integer::parseInt).toList(),
                Integer.parseInt(values.get("shards")),
                rows,
                heaps,
                list(values.get("queries")).stream().map(label -> QueryCase.byLabel(label, rows)).toList(),
                Integer.parseInt(values.get("repeat")),
                Long.parseLong(values.get("probe-ms")),
                Integer.parseInt(values.get("stall-seconds")),
                Integer.parseInt(values.get("socket-timeout")),
                Boolean.parseBoolean(values.get("direct")),
                Path.of(values.get("proxy-jar")),
                Path.of(values.get("java")),
                Arrays.stream(values.get("proxy-opts").trim().split("\\s+")).filter(s -> !s.isEmpty()).toList(),
                values.get("buffer-pool"),
                optionalPath(values.get("work-dir")),
                optionalPath(values.get("results")));
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Optional<Path> optionalPath(String value) {
        return value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }
}
