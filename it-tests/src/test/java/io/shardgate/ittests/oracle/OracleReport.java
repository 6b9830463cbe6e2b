package io.shardgate.ittests.oracle;

import io.shardgate.ittests.oracle.OutcomeComparison.Status;
import io.shardgate.ittests.oracle.OutcomeComparison.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Collects every run's verdict and prints the oracle's summary: counts per mode, then each failure with its
 * query, expected vs actual and the first differing row, metadata mismatches listed apart,
 * the slowest queries, and the metadata differences that are only noted.
 */
final class OracleReport {

    /** One query in one mode; the times are for information only (the machine is shared and noisy). */
    record Run(Mode mode, CorpusEntry entry, Verdict verdict, QueryOutcome expected, QueryOutcome actual,
               long referenceMillis, long proxyMillis) {
    }

    private static final int SLOWEST_SHOWN = 5;

    private final List<Run> runs = new ArrayList<>();
    private final long seed;
    private final int corpusSize;

    OracleReport(long seed, int corpusSize) {
        this.seed = seed;
        this.corpusSize = corpusSize;
    }

    synchronized void add(Run run) {
        runs.add(run);
    }

    synchronized String summary() {
        StringBuilder out = new StringBuilder();
        out.append("=== cross-shard oracle: ").append(corpusSize).append(" corpus queries, data seed ").append(seed)
                .append(" ===\n");
        Map<Mode, int[]> counts = new EnumMap<>(Mode.class); // run, pass, fail
        List<Run> dataFailures = new ArrayList<>();
        List<Run> metadataFailures = new ArrayList<>();
        int notes = 0;
        String firstNote = null;
        for (Run r : runs) {
            int[] c = counts.computeIfAbsent(r.mode(), m -> new int[3]);
            c[0]++;
            Verdict v = r.verdict();
            if (v.status() == Status.PASS) {
                c[1]++;
            } else {
                c[2]++;
                if (v.data() != null) {
                    dataFailures.add(r);
                }
                if (v.metadata() != null) {
                    metadataFailures.add(r);
                }
            }
            if (v.noted() != null) {
                notes++;
                firstNote = firstNote != null ? firstNote : "line " + r.entry().line() + " [" + r.mode() + "]: " + v.noted();
            }
        }
        counts.forEach((mode, c) -> out.append(String.format("%-16s %4d runs, %4d pass, %4d FAIL%n",
                mode, c[0], c[1], c[2])));
        section(out, "FAILURES: wrong rows or errors", dataFailures, r -> r.verdict().data());
        section(out, "FAILURES: column metadata differs from a single server", metadataFailures,
                r -> r.verdict().metadata());
        out.append("--- slowest through the proxy (ms, proxy vs reference):");
        runs.stream().sorted(java.util.Comparator.comparingLong(Run::proxyMillis).reversed()).limit(SLOWEST_SHOWN)
                .forEach(r -> out.append("\n  ").append(r.proxyMillis()).append(" vs ").append(r.referenceMillis())
                        .append(" [").append(r.mode()).append("] line ").append(r.entry().line()).append(": ")
                        .append(r.entry().sql()));
        out.append('\n');
        out.append("--- column length differs, noted only: ").append(notes).append(" runs")
                .append(firstNote == null ? "" : ", first " + firstNote).append('\n');
        return out.toString();
    }

    private static void section(StringBuilder out, String title, List<Run> runs,
                                java.util.function.Function<Run, String> detail) {
        out.append("--- ").append(title).append(": ").append(runs.size()).append('\n');
        for (Run r : runs) {
            out.append("  [").append(r.mode()).append("] line ").append(r.entry().line()).append(" (")
                    .append(r.entry().tags()).append("): ").append(r.entry().sql()).append("\n    ")
                    .append(detail.apply(r)).append('\n');
        }
    }

    synchronized List<Run> failures() {
        return runs.stream().filter(r -> r.verdict().status() == Status.FAIL).toList();
    }
}
