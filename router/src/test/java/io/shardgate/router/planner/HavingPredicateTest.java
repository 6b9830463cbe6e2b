package io.shardgate.router.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.router.merge.Row;
import io.shardgate.router.planner.HavingPredicate.ColumnOperand;
import io.shardgate.router.planner.HavingPredicate.Compare;
import io.shardgate.router.planner.HavingPredicate.Constant;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class HavingPredicateTest {

    private static final ColumnOperand C0 = new ColumnOperand(0, "c0");

    private static boolean test(HavingPredicate.Node node, Object... row) {
        return new HavingPredicate(node.bind(List.of())).test(new Row(row));
    }

    private static Constant k(Object v) {
        return new Constant(v, String.valueOf(v));
    }

    @Test
    void numbersCompareByValueAcrossTypes() {
        assertThat(test(new Compare(">", C0, k(2L)), new BigDecimal("2.5"))).isTrue();
        assertThat(test(new Compare("=", C0, k(new BigDecimal("2.0"))), 2L)).isTrue();
        assertThat(test(new Compare("<", C0, k(new BigInteger("99999999999999999999"))), Long.MAX_VALUE)).isTrue();
        assertThat(test(new Compare(">=", C0, k(1.5)), 1L)).isFalse();
        // a string against a number converts the string, as MySQL does
        assertThat(test(new Compare("=", C0, k("10abc")), 10L)).isTrue();
    }

    @Test
    void stringsCompareCaseInsensitively() {
        assertThat(test(new Compare("=", C0, k("PAID")), "paid")).isTrue();
        assertThat(test(new Compare("<", C0, k("b")), "A")).isTrue();
    }

    @Test
    void nullMakesComparisonsUnknownAndUnknownIsNotTrue() {
        Compare gt = new Compare(">", C0, k(1L));
        assertThat(test(gt, (Object) null)).isFalse();
        assertThat(test(new HavingPredicate.Not(gt), (Object) null)).isFalse();
        assertThat(test(new HavingPredicate.Or(gt, new Compare("=", k(1L), k(1L))), (Object) null)).isTrue();
        assertThat(test(new HavingPredicate.And(gt, new Compare("=", k(1L), k(2L))), (Object) null)).isFalse();
        assertThat(test(new HavingPredicate.IsNull(C0, false), (Object) null)).isTrue();
        assertThat(test(new HavingPredicate.IsNull(C0, true), (Object) null)).isFalse();
        assertThat(test(new Compare("<=>", C0, k(null)), (Object) null)).isTrue();
    }

    @Test
    void betweenIsInclusive() {
        HavingPredicate.Between between = new HavingPredicate.Between(C0, k(1L), k(3L), false);
        assertThat(test(between, 1L)).isTrue();
        assertThat(test(between, 3L)).isTrue();
        assertThat(test(between, 4L)).isFalse();
        assertThat(test(new HavingPredicate.Between(C0, k(1L), k(3L), true), 4L)).isTrue();
    }

    @Test
    void literalsAreBoundPerStatement() {
        HavingPredicate.Node node = new Compare(">", C0, new HavingPredicate.LiteralOperand(new ValueRef(0, false)));
        HavingPredicate p = new HavingTemplate(node).bind(List.of(io.shardgate.router.sql.Literal.of(5L, io.shardgate.router.sql.SqlMode.DEFAULT)));
        assertThat(p.test(new Row(new Object[] {6L}))).isTrue();
        assertThat(p.test(new Row(new Object[] {5L}))).isFalse();
        assertThat(p).hasToString("c0#0 > 5");
    }

    @Test
    void likePatterns() {
        assertThat(LikePattern.matches("order%", "Orders")).isTrue();
        assertThat(LikePattern.matches("o_ders", "orders")).isTrue();
        assertThat(LikePattern.matches("order\\_items", "order_items")).isTrue();
        assertThat(LikePattern.matches("order\\_items", "orderXitems")).isFalse();
        assertThat(LikePattern.matches("%s", "orders")).isTrue();
        assertThat(LikePattern.matches("x%", "orders")).isFalse();
    }
}
