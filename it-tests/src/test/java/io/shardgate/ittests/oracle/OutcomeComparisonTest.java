package io.shardgate.ittests.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.oracle.OutcomeComparison.Status;
import io.shardgate.ittests.oracle.OutcomeComparison.Verdict;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeComparisonTest {

    private static final List<QueryOutcome.Column> COLUMNS = List.of(
            new QueryOutcome.Column("id", "id", -5, "BIGINT", 0, 20, "t"),
            new QueryOutcome.Column("s", "s", 12, "VARCHAR", 0, 20, "t"));

    private static CorpusEntry entry(String tags) {
        return Corpus.parse(tags + " | SELECT id, s FROM t").getFirst();
    }

    private static QueryOutcome rows(List<QueryOutcome.Column> columns, String... rows) {
        return new QueryOutcome(columns, Arrays.stream(rows).map(r -> Arrays.stream(r.split("\\|", -1))
                .map(v -> v.equals("NULL") ? null : v).toList()).toList(), null);
    }

    @Test
    void orderedComparesListsAndNamesTheFirstDifferingRow() {
        QueryOutcome expected = rows(COLUMNS, "1|a", "2|b", "3|NULL");
        assertThat(OutcomeComparison.judge(entry("ordered"), expected, rows(COLUMNS, "1|a", "2|b", "3|NULL"))
                .status()).isEqualTo(Status.PASS);
        Verdict v = OutcomeComparison.judge(entry("ordered"), expected, rows(COLUMNS, "1|a", "3|NULL", "2|b"));
        assertThat(v.status()).isEqualTo(Status.FAIL);
        assertThat(v.data()).isEqualTo("first difference at row 2 of 3/3 (expected/actual rows): expected [2, b], "
                + "got [3, null]");
        assertThat(OutcomeComparison.judge(entry("ordered"), expected, rows(COLUMNS, "1|a", "2|b")).data())
                .isEqualTo("expected 3 rows, got 2; first missing [3, null]");
    }

    @Test
    void unorderedComparesMultisets() {
        QueryOutcome expected = rows(COLUMNS, "1|a", "1|a", "2|b");
        assertThat(OutcomeComparison.judge(entry("unordered"), expected, rows(COLUMNS, "2|b", "1|a", "1|a"))
                .status()).isEqualTo(Status.PASS);
        Verdict v = OutcomeComparison.judge(entry("unordered"), expected, rows(COLUMNS, "2|b", "1|a", "2|b"));
        assertThat(v.data()).isEqualTo("as multisets: expected 3 rows, got 3; 1 missing [[1, a]], 1 unexpected [[2, b]]");
    }

    @Test
    void caseFoldingAndGroupConcatElementOrder() {
        QueryOutcome expected = rows(COLUMNS, "1|Émile ", "2|x,Y,z");
        QueryOutcome actual = rows(COLUMNS, "1|emile", "2|z,x,y");
        assertThat(OutcomeComparison.judge(entry("unordered, ci, concat 2"), expected, actual).status())
                .isEqualTo(Status.PASS);
        assertThat(OutcomeComparison.judge(entry("unordered, concat 2"), expected, actual).status())
                .isEqualTo(Status.FAIL);
        assertThat(OutcomeComparison.fold("Straße ")).isEqualTo("strase");
        assertThat(OutcomeComparison.ucaFold("Straße ")).isEqualTo(OutcomeComparison.ucaFold("STRASSE"));
        assertThat(OutcomeComparison.ucaFold("Œuvre ﬁ Ø")).isEqualTo("oeuvre fi o");
    }

    @Test
    void metadataIsJudgedApartLengthOnlyNoted() {
        List<QueryOutcome.Column> other = List.of(new QueryOutcome.Column("id", "id", 3, "DECIMAL", 0, 20, "t"),
                new QueryOutcome.Column("s", "s", 12, "VARCHAR", 0, 80, "t_0001"));
        Verdict v = OutcomeComparison.judge(entry("ordered"), rows(COLUMNS, "1|a"), rows(other, "1|a"));
        assertThat(v.status()).isEqualTo(Status.FAIL);
        assertThat(v.data()).isNull();
        assertThat(v.metadata()).isEqualTo("column 1: expected [id BIGINT(-5) scale 0 table t], got [id DECIMAL(3)"
                + " scale 0 table t]; column 2: expected [s VARCHAR(12) scale 0 table t], got [s VARCHAR(12) scale 0"
                + " table t_0001]");
        assertThat(v.noted()).isEqualTo("s length 20 vs 80");
    }

    @Test
    void errors() {
        QueryOutcome refused = new QueryOutcome(List.of(), List.of(), new QueryOutcome.Error(1235, "42000",
                "window functions across shards"));
        QueryOutcome expected = rows(COLUMNS, "1|a");
        assertThat(OutcomeComparison.judge(entry("ordered"), expected, refused).data())
                .isEqualTo("expected 1 rows, got ERROR 1235 (42000): window functions across shards");
        assertThat(OutcomeComparison.judge(entry("error 1235"), expected, refused).status()).isEqualTo(Status.PASS);
        assertThat(OutcomeComparison.judge(entry("error 1235"), expected, expected).data())
                .isEqualTo("expected ERROR 1235, got 1 rows");
        assertThat(OutcomeComparison.judge(entry("error 1105"), expected, refused).data())
                .startsWith("expected ERROR 1105, got ERROR 1235 (42000)");
        assertThat(OutcomeComparison.judge(entry("error 1235"), refused, refused).data())
                .startsWith("the reference database refused the query");
    }
}
