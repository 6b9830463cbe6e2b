package io.shardgate.bench.heap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Renders results as a Markdown table (pasteable into bench/README.md) and as TSV lines. */
final class SummaryTable {

    private SummaryTable() {
    }

    static String markdown(List<RunResult> results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(RunResult.COLUMNS);
        results.forEach(r -> rows.add(r.cells()));
        int[] widths = new int[RunResult.COLUMNS.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            line(out, rows.get(r), widths);
            if (r == 0) {
                List<String> rule = new ArrayList<>();
                for (int width : widths) {
                    rule.add("-".repeat(width));
                }
                line(out, rule, widths);
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        out.append('|');
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            out.append(' ').append(cell).append(" ".repeat(widths[i] - cell.length())).append(" |");
        }
        out.append('\n');
    }

    /** Appends one TSV line per result (with a header when the file is new). */
    static void appendTsv(Path file, List<RunResult> results) throws IOException {
        StringBuilder out = new StringBuilder();
        if (!Files.exists(file)) {
            out.append(String.join("\t", RunResult.COLUMNS)).append("\tfailure\n");
        }
        for (RunResult r : results) {
            out.append(String.join("\t", r.cells())).append('\t')
                    .append(r.outcome().failure().replace('\t', ' ').replace('\n', ' ')).append('\n');
        }
        Files.writeString(file, out, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
