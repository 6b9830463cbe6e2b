package io.shardgate.ittests.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The list of refused cross-shard queries in {@code docs/sql-support.md}: under the heading
 * {@value #HEADING}, each item is a query in backticks followed by the error line the mysql client prints:
 * <pre>
 * - `SELECT ...`
 *   ERROR 1235 (42000): This version of shardgate doesn't yet support '...'
 * </pre>
 */
final class SqlSupportDoc {

    static final String HEADING = "## Refused across shards: the exact errors";
    static final String FILE = "docs/sql-support.md";

    private SqlSupportDoc() {
    }

    /** The repository's doc, found upwards from the working directory (Maven runs tests in the module). */
    static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve(FILE);
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new IllegalStateException(FILE + " not found above " + Path.of("").toAbsolutePath());
    }

    static Map<String, String> refusedQueries(Path doc) {
        try {
            return parse(Files.readAllLines(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Query -> its error line ({@code ERROR code (state): message}), in document order. */
    static Map<String, String> parse(List<String> lines) {
        int start = lines.indexOf(HEADING);
        if (start < 0) {
            throw new IllegalArgumentException(FILE + " has no section '" + HEADING + "'");
        }
        Map<String, String> queries = new LinkedHashMap<>();
        String query = null;
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("- `") && line.endsWith("`")) {
                if (query != null) {
                    throw new IllegalArgumentException(FILE + " line " + i + ": no error line for " + query);
                }
                query = line.substring(3, line.length() - 1);
            } else if (line.startsWith("ERROR ")) {
                if (query == null) {
                    throw new IllegalArgumentException(FILE + " line " + (i + 1) + ": error line without a query");
                }
                if (queries.put(query, line) != null) {
                    throw new IllegalArgumentException(FILE + ": listed twice: " + query);
                }
                query = null;
            }
        }
        if (query != null) {
            throw new IllegalArgumentException(FILE + ": no error line for " + query);
        }
        return queries;
    }

    /** The error line the doc writes for an error a client got. */
    static String errorLine(QueryOutcome.Error error) {
        return "ERROR " + error.code() + " (" + error.sqlState() + "): " + error.message();
    }
}
