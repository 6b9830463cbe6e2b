package io.shardgate.ittests.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the corpus: one entry per line, {@code tags | SQL}; {@code #} starts a comment line. Tags are
 * separated by commas; exactly one of {@code ordered}, {@code unordered}, {@code error <code>} must be
 * present, plus any of {@code ci}, {@code uca}, {@code concat <column> [separator]}, {@code text-only} (see
 * {@link CorpusEntry}). There is no way to excuse an entry: a query the proxy gets wrong fails the build, and a
 * query it refuses is an {@code error} entry listed in docs/sql-support.md. Malformed lines fail loudly: a typo
 * must not make a query vanish from the oracle.
 */
final class Corpus {

    static final String RESOURCE = "/oracle/corpus.txt";

    private Corpus() {
    }

    static List<CorpusEntry> load() {
        try (InputStream in = Corpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<CorpusEntry> parse(String text) {
        List<CorpusEntry> entries = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                entries.add(entry(i + 1, line));
            } catch (IllegalArgumentException e) {
                errors.add("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("corpus errors:\n" + String.join("\n", errors));
        }
        return entries;
    }

    private static CorpusEntry entry(int number, String line) {
        int bar = line.indexOf(" | ");
        if (bar < 0) {
            throw new IllegalArgumentException("expected 'tags | SQL', got: " + line);
        }
        String sql = line.substring(bar + 3).strip();
        if (sql.isEmpty()) {
            throw new IllegalArgumentException("no SQL after the tags");
        }
        String kind = null;
        int errorCode = 0;
        boolean caseFolded = false;
        boolean ucaFolded = false;
        boolean textOnly = false;
        Map<Integer, String> concat = new LinkedHashMap<>();
        String tags = line.substring(0, bar);
        for (String clause : tags.split(",")) {
            String[] words = clause.strip().split("\\s+", 2);
            String arg = words.length > 1 ? words[1].strip() : "";
            switch (words[0]) {
                case "ordered", "unordered" -> kind = once(kind, words[0]);
                case "error" -> {
                    kind = once(kind, "error");
                    try {
                        errorCode = Integer.parseInt(arg);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'error' needs a MySQL error code, got '" + arg + "'");
                    }
                }
                case "ci" -> caseFolded = true;
                case "uca" -> ucaFolded = true;
                case "text-only" -> textOnly = true;
                case "concat" -> {
                    String[] a = arg.split("\\s+", 2);
                    try {
                        concat.put(Integer.parseInt(a[0]), a.length > 1 ? a[1] : ",");
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'concat' needs a 1-based column number, got '" + arg + "'");
                    }
                }
                default -> throw new IllegalArgumentException("unknown tag '" + clause.strip() + "'");
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException("needs one of ordered, unordered, error <code>");
        }
        return new CorpusEntry(number, sql, kind.equals("ordered"), caseFolded, ucaFolded, concat, errorCode,
                textOnly);
    }

    private static String once(String kind, String next) {
        if (kind != null) {
            throw new IllegalArgumentException("'" + next + "' after '" + kind + "': give exactly one of ordered, "
                    + "unordered, error <code>");
        }
        return next;
    }
}
