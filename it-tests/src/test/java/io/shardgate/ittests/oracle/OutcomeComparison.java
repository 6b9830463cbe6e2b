package io.shardgate.ittests.oracle;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges the proxy's answer to a corpus entry against the reference database's. Data and metadata are
 * judged apart so a report can tell "wrong rows" from "right rows, wrong column types"; both fail, because
 * issue 6 asks for the metadata a single server returns, table names included (the logical table, never the
 * shard's). Column length (JDBC precision) is only noted: the merge documents that it differs.
 */
final class OutcomeComparison {

    enum Status { PASS, FAIL }

    /**
     * @param data      why the rows (or the error) differ, or null
     * @param metadata  why the column metadata differs, or null
     * @param noted     differing column lengths, noted only, or null
     */
    record Verdict(Status status, String data, String metadata, String noted) {
        static Verdict pass(String noted) {
            return new Verdict(Status.PASS, null, null, noted);
        }

        static Verdict dataFailure(String why) {
            return new Verdict(Status.FAIL, why, null, null);
        }
    }

    private static final int SHOWN = 3;

    private OutcomeComparison() {
    }

    static Verdict judge(CorpusEntry entry, QueryOutcome expected, QueryOutcome actual) {
        if (entry.expectsError()) {
            if (expected.failed()) { // then the refusal proves nothing: the query must be valid SQL
                return Verdict.dataFailure("the reference database refused the query too (a corpus mistake): "
                        + expected.error());
            }
            if (!actual.failed()) {
                return Verdict.dataFailure("expected ERROR " + entry.errorCode() + ", got " + actual.rows().size()
                        + " rows");
            }
            return actual.error().code() == entry.errorCode() ? Verdict.pass(null)
                    : Verdict.dataFailure("expected ERROR " + entry.errorCode() + ", got " + actual.error());
        }
        if (expected.failed()) {
            return Verdict.dataFailure("the reference database refused the query (a corpus mistake): " + expected.error());
        }
        if (actual.failed()) {
            return Verdict.dataFailure("expected " + expected.rows().size() + " rows, got " + actual.error());
        }
        String metadata = metadataDifference(expected.columns(), actual.columns());
        String noted = notedDifference(expected.columns(), actual.columns());
        String data = dataDifference(entry, normalize(entry, expected.rows()), normalize(entry, actual.rows()));
        return data == null && metadata == null ? Verdict.pass(noted)
                : new Verdict(Status.FAIL, data, metadata, noted);
    }

    private static String metadataDifference(List<QueryOutcome.Column> expected, List<QueryOutcome.Column> actual) {
        if (expected.size() != actual.size()) {
            return "expected " + expected.size() + " columns " + expected + ", got " + actual.size() + " " + actual;
        }
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            String e = expected.get(i).essential();
            String a = actual.get(i).essential();
            if (!e.equals(a)) {
                diffs.add("column " + (i + 1) + ": expected [" + e + "], got [" + a + "]");
            }
        }
        return diffs.isEmpty() ? null : String.join("; ", diffs);
    }

    private static String notedDifference(List<QueryOutcome.Column> expected, List<QueryOutcome.Column> actual) {
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            QueryOutcome.Column e = expected.get(i);
            QueryOutcome.Column a = actual.get(i);
            if (e.precision() != a.precision()) {
                diffs.add(e.label() + " length " + e.precision() + " vs " + a.precision());
            }
        }
        return diffs.isEmpty() ? null : String.join(", ", diffs);
    }

    /** Rows as the entry's tags say to compare them: folded strings, sorted GROUP_CONCAT elements. */
    static List<List<String>> normalize(CorpusEntry entry, List<List<String>> rows) {
        if (!entry.caseFolded() && !entry.ucaFolded() && entry.concatColumns().isEmpty()) {
            return rows;
        }
        java.util.function.UnaryOperator<String> folding = entry.ucaFolded() ? OutcomeComparison::ucaFold
                : entry.caseFolded() ? OutcomeComparison::fold : v -> v;
        List<List<String>> out = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            List<String> r = new ArrayList<>(row.size());
            for (int c = 0; c < row.size(); c++) {
                String v = row.get(c);
                String separator = entry.concatColumns().get(c + 1);
                if (v != null && separator != null) {
                    String[] parts = v.split(java.util.regex.Pattern.quote(separator), -1);
                    for (int p = 0; p < parts.length; p++) {
                        parts[p] = folding.apply(parts[p]);
                    }
                    Arrays.sort(parts);
                    v = String.join(separator, parts);
                } else if (v != null) {
                    v = folding.apply(v);
                }
                r.add(v);
            }
            out.add(r);
        }
        return out;
    }

    /**
     * A string as {@code utf8mb4_general_ci} compares it, near enough for the data set: accents and case
     * dropped, 'ß' as 's', trailing spaces ignored (PAD SPACE).
     */
    static String fold(String s) {
        String base = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return base.toLowerCase(Locale.ROOT).replace("ß", "s").stripTrailing();
    }

    /**
     * A string as {@code utf8mb4_unicode_ci} compares it, near enough for the data set: compatibility
     * decomposition ('ﬁ' = 'fi'), accents and case dropped, 'ß' as 'ss', 'æ' as 'ae', 'œ' as 'oe', 'ø' as 'o'.
     */
    static String ucaFold(String s) {
        String base = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return base.toLowerCase(Locale.ROOT).replace("ß", "ss").replace("æ", "ae").replace("œ", "oe")
                .replace("ø", "o").stripTrailing();
    }

    private static String dataDifference(CorpusEntry entry, List<List<String>> expected, List<List<String>> actual) {
        if (entry.ordered()) {
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                if (!expected.get(i).equals(actual.get(i))) {
                    return "first difference at row " + (i + 1) + " of " + expected.size() + "/" + actual.size()
                            + " (expected/actual rows): expected " + expected.get(i) + ", got " + actual.get(i);
                }
            }
            if (expected.size() != actual.size()) {
                return "expected " + expected.size() + " rows, got " + actual.size() + "; first "
                        + (expected.size() > actual.size() ? "missing " + expected.get(actual.size())
                        : "extra " + actual.get(expected.size()));
            }
            return null;
        }
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        expected.forEach(r -> counts.merge(r, 1, Integer::sum));
        actual.forEach(r -> counts.merge(r, -1, Integer::sum));
        List<List<String>> missing = new ArrayList<>();
        List<List<String>> extra = new ArrayList<>();
        counts.forEach((row, n) -> {
            for (int k = 0; k < Math.abs(n); k++) {
                (n > 0 ? missing : extra).add(row);
            }
        });
        if (missing.isEmpty() && extra.isEmpty()) {
            return null;
        }
        Comparator<List<String>> byText = Comparator.comparing(r -> String.valueOf(r));
        missing.sort(byText);
        extra.sort(byText);
        return "as multisets: expected " + expected.size() + " rows, got " + actual.size() + "; " + missing.size()
                + " missing " + missing.subList(0, Math.min(SHOWN, missing.size())) + ", " + extra.size() + " unexpected "
                + extra.subList(0, Math.min(SHOWN, extra.size()));
    }
}
