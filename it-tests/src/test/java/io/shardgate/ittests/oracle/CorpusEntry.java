package io.shardgate.ittests.oracle;

import java.util.Map;

/**
 * One query of the oracle's corpus and how to judge it.
 *
 * @param line          line number in the corpus file, for messages
 * @param sql           the query as the client sends it in text mode
 * @param ordered       the query orders its result fully: compare as lists, else as multisets
 * @param caseFolded    string values are compared as {@code utf8mb4_general_ci} sees them (case, accents and
 *                      trailing spaces ignored): which of several equal strings a GROUP BY, DISTINCT, MIN or
 *                      MAX returns is not defined, on one server or on many
 * @param ucaFolded     like {@code caseFolded}, for {@code utf8mb4_unicode_ci} ('ß' = 'ss', 'æ' = 'ae')
 * @param concatColumns GROUP_CONCAT columns (1-based) and their separators: their element order within a
 *                      group is not defined, so elements are compared sorted
 * @param errorCode     the proxy must refuse the query with this MySQL error code (0: it must answer rows)
 * @param textOnly      no prepared-statement variants (the query has no values worth binding)
 */
record CorpusEntry(int line, String sql, boolean ordered, boolean caseFolded, boolean ucaFolded,
                   Map<Integer, String> concatColumns,
                   int errorCode, boolean textOnly) {

    CorpusEntry {
        concatColumns = Map.copyOf(concatColumns);
    }

    boolean expectsError() {
        return errorCode != 0;
    }

    /** The entry's tags as the corpus writes them. */
    String tags() {
        StringBuilder t = new StringBuilder(expectsError() ? "error " + errorCode : ordered ? "ordered" : "unordered");
        if (caseFolded) {
            t.append(", ci");
        }
        if (ucaFolded) {
            t.append(", uca");
        }
        concatColumns.forEach((c, sep) -> t.append(", concat ").append(c).append(sep.equals(",") ? "" : " " + sep));
        if (textOnly) {
            t.append(", text-only");
        }
        return t.toString();
    }

    @Override
    public String toString() {
        return "line " + line + ": " + sql;
    }
}
