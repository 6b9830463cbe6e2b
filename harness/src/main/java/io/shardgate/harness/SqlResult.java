package io.shardgate.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * The last result set the {@code mariadb} client printed in batch mode: column names and rows
 * of strings ({@code NULL} stays the text {@code NULL}, as the client prints it).
 */
record SqlResult(List<String> columns, List<List<String>> rows) {

    static final SqlResult EMPTY = new SqlResult(List.of(), List.of());

    SqlResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** The only value of a one-row, one-column result. */
    String single() {
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new HarnessException("expected one value, got " + rows.size() + " rows: " + rows);
        }
        return rows.get(0).get(0);
    }

    /** The value of {@code column} in the first row, or null when there is no row. */
    String firstRow(String column) {
        int at = columns.indexOf(column);
        if (at < 0) {
            throw new HarnessException("no column " + column + " in " + columns);
        }
        return rows.isEmpty() ? null : rows.get(0).get(at);
    }

    /**
     * Parses batch output ({@code --batch}: tab-separated, a header line, {@code \t \n \\ \0}
     * escaped). When one {@code -e} holds several queries their outputs follow each other;
     * only statements whose result matters are queried that way, so the header of the
     * first set names the columns and any later set is appended as rows.
     */
    static SqlResult parseBatch(String output) {
        if (output.isEmpty()) {
            return EMPTY;
        }
        String[] lines = output.split("\n", -1);
        int count = output.endsWith("\n") ? lines.length - 1 : lines.length;
        List<String> columns = splitLine(lines[0]);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            rows.add(splitLine(lines[i]));
        }
        return new SqlResult(columns, rows);
    }

    private static List<String> splitLine(String line) {
        List<String> values = new ArrayList<>();
        for (String raw : line.split("\t", -1)) {
            values.add(unescape(raw));
        }
        return values;
    }

    static String unescape(String raw) {
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case '0' -> '\0';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
