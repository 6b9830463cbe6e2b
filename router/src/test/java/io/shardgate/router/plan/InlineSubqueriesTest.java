package io.shardgate.router.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.router.merge.Row;
import io.shardgate.router.sql.SqlMode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link InlineSubqueries} writes a subquery's rows into its statement. */
class InlineSubqueriesTest {

    private static final ReadPlan ANY_PLAN = new MergeShards(List.of(new Route("ds0", "SELECT 1", false)), List.of());

    private static InlineSubqueries plan(InlineSubqueries.Use use) {
        return new InlineSubqueries(List.of("SELECT a FROM t WHERE a IN ", " AND b = 1"),
                List.of(new InlineSubqueries.Subquery(use, ANY_PLAN)), ANY_PLAN.routes().getFirst());
    }

    private static Row row(Object... values) {
        return new Row(values);
    }

    @Test
    void anInListHoldsTheValuesAsTypedLiterals() {
        var written = plan(InlineSubqueries.Use.IN_LIST).write(List.of(List.of(row(1L), row((Object) null),
                row(new BigDecimal("12.50")), row("it's"), row(0.1), row(1e300), row(LocalDate.of(2025, 1, 2)),
                row(LocalDateTime.of(2025, 1, 2, 3, 4, 5)), row(Duration.ofHours(-30).minusSeconds(1)),
                row((Object) new byte[] {1, (byte) 0xff}))), SqlMode.DEFAULT, 100);
        assertThat(written.sql()).isEqualTo("SELECT a FROM t WHERE a IN (1, NULL, 12.50, 'it''s', 0.1E0, 1.0E300, "
                + "DATE'2025-01-02', TIMESTAMP'2025-01-02 03:04:05.000000', TIME'-30:00:01.000000', X'01ff') AND b = 1");
    }

    @Test
    void rowsOfSeveralColumnsAreRowConstructors() {
        var written = plan(InlineSubqueries.Use.IN_LIST).write(List.of(List.of(row(1L, "a"), row(2L, "b"))),
                SqlMode.DEFAULT, 100);
        assertThat(written.sql()).contains("IN ((1, 'a'), (2, 'b'))");
    }

    @Test
    void noRowIsAnEmptySubquerySoThatNotInStaysTrueForNull() {
        assertThat(plan(InlineSubqueries.Use.IN_LIST).write(List.of(List.of()), SqlMode.DEFAULT, 100).sql())
                .contains("IN (SELECT 1 FROM DUAL WHERE 1=0) AND");
        assertThat(plan(InlineSubqueries.Use.QUANTIFIED).write(List.of(List.of()), SqlMode.DEFAULT, 100).sql())
                .contains("IN (SELECT 1 FROM DUAL WHERE 1=0) AND");
        assertThat(plan(InlineSubqueries.Use.EXISTS).write(List.of(List.of()), SqlMode.DEFAULT, 100).sql())
                .contains("IN (SELECT 1 FROM DUAL WHERE 1=0) AND");
        assertThat(plan(InlineSubqueries.Use.SCALAR).write(List.of(List.of()), SqlMode.DEFAULT, 100).sql())
                .contains("IN (NULL) AND");
    }

    @Test
    void quantifiedComparisonsReadASubqueryOfLiterals() {
        assertThat(plan(InlineSubqueries.Use.QUANTIFIED).write(List.of(List.of(row(1L), row((Object) null))),
                SqlMode.DEFAULT, 100).sql()).contains("IN (SELECT 1 UNION ALL SELECT NULL) AND");
    }

    @Test
    void aScalarOfSeveralRowsIsError1242() {
        var written = plan(InlineSubqueries.Use.SCALAR).write(List.of(List.of(row(1L), row(2L))), SqlMode.DEFAULT, 100);
        assertThat(written.sql()).isNull();
        assertThat(written.refusal().code()).isEqualTo(1242);
        assertThat(written.refusal().sqlState()).isEqualTo("21000");
    }

    @Test
    void moreRowsThanTheInlineLimitAreRefused() {
        var written = plan(InlineSubqueries.Use.IN_LIST).write(List.of(List.of(row(1L), row(2L), row(3L))),
                SqlMode.DEFAULT, 2);
        assertThat(written.refusal().code()).isEqualTo(1235);
        assertThat(written.refusal().message()).contains("more than 2 rows (proxy.subquery-inline-limit)");
    }

    @Test
    void backslashesAreEscapedOnlyWhereTheModeEscapes() {
        assertThat(plan(InlineSubqueries.Use.IN_LIST).write(List.of(List.of(row("a\\b"))), SqlMode.DEFAULT, 9).sql())
                .contains("('a\\\\b')");
    }

    @Test
    void inSubqueriesOverTheLimitBecomeSemiJoinColumnsTheirConditionsTrue() {
        // SELECT a FROM t WHERE a IN (...) AND b NOT IN (...): one plain semi-join, or two (planned below)
        var twoSites = new InlineSubqueries(List.of("SELECT a FROM t WHERE a IN ", " AND b NOT IN ", ""),
                List.of(new InlineSubqueries.Subquery(InlineSubqueries.Use.IN_LIST, ANY_PLAN,
                                new InlineSubqueries.SemiJoinSite(List.of("a"), false, 5, 8, false)),
                        new InlineSubqueries.Subquery(InlineSubqueries.Use.IN_LIST, ANY_PLAN,
                                new InlineSubqueries.SemiJoinSite(List.of("b"), true, 9, 8, false))),
                ANY_PLAN.routes().getFirst());
        List<Row> three = List.of(row(1L), row(2L), row(3L));

        var one = twoSites.write(List.of(three, List.of(row(9L))), SqlMode.DEFAULT, 2, 10);
        assertThat(one.sql()).isEqualTo("SELECT a, a FROM t WHERE 1 AND b NOT IN (9)");
        assertThat(one.semiJoin().planned()).isFalse();

        var two = twoSites.write(List.of(three, three), SqlMode.DEFAULT, 2, 10);
        assertThat(two.sql()).isEqualTo("SELECT a, a AS shardgate_semi_join, b AS shardgate_semi_join"
                + " FROM t WHERE 1 AND 1");
        assertThat(two.semiJoin().planned()).isTrue();
        assertThat(two.semiJoin().members()).extracting(SemiJoin.Member::negated).containsExactly(false, true);

        assertThat(twoSites.write(List.of(three, three), SqlMode.DEFAULT, 2, 2).refusal().message())
                .contains("more than 2 rows (proxy.max-semi-join-rows)");
    }

    @Test
    void aRowConstructorInBecomesASemiJoinOfItsColumnsAndTheSubqueryMustMatchItsWidth() {
        var pair = new InlineSubqueries(List.of("SELECT a FROM t WHERE (a, b) IN ", ""),
                List.of(new InlineSubqueries.Subquery(InlineSubqueries.Use.IN_LIST, ANY_PLAN,
                        new InlineSubqueries.SemiJoinSite(List.of("a", "b"), false, 10, 8, true))),
                ANY_PLAN.routes().getFirst());

        var written = pair.write(List.of(List.of(row(1L, 2L), row(3L, null))), SqlMode.DEFAULT, 1, 10);
        assertThat(written.sql()).isEqualTo("SELECT a, a AS shardgate_semi_join, b AS shardgate_semi_join"
                + " FROM t WHERE 1");
        assertThat(written.semiJoin().members().getFirst().width()).isEqualTo(2);
        assertThat(written.semiJoin().members().getFirst().values()).containsExactly(List.of(1L, 2L),
                java.util.Arrays.asList(3L, null));

        var narrow = pair.write(List.of(List.of(row(1L), row(3L))), SqlMode.DEFAULT, 1, 10);
        assertThat(narrow.refusal().code()).isEqualTo(1241);
        assertThat(narrow.refusal().message()).isEqualTo("Operand should contain 2 column(s)");
    }
}
