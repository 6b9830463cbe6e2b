package io.shardgate.router.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.router.eval.BoundExpr;
import io.shardgate.router.eval.Expr;
import io.shardgate.router.merge.AggregateFunction;
import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Columns;
import io.shardgate.router.merge.FakeStream;
import io.shardgate.router.merge.MergedStream;
import io.shardgate.router.merge.RowStreamException;
import io.shardgate.router.merge.SortKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectTest {

    /** SELECT g, SUM(a) / COUNT(*), then the hidden SUM(a) and COUNT(*) the planner appends. */
    private static final List<ColumnMeta> COLUMNS = List.of(Columns.varchar("g"), Columns.decimal("SUM(a) / COUNT(*)", 4),
            Columns.decimal("SUM(a)", 0), Columns.bigint("COUNT(*)"));
    private static final List<AggregateSpec> AGGREGATES = List.of(
            new AggregateSpec(AggregateFunction.SUM, 2, -1, false, null),
            new AggregateSpec(AggregateFunction.COUNT, 3, -1, false, null));
    private static final Expr MEAN = new Expr.Arith("/", new Expr.ColumnRef(2, "SUM(a)"),
            new Expr.ColumnRef(3, "COUNT(*)"), "SUM(a) / COUNT(*)");

    @Test
    void evaluatesTheExpressionOverTheMergedAggregatesNotTheShardsPartialValues() {
        FakeContext shards = new FakeContext(COLUMNS).shard("x|1.0000|3|3", "y|0.3333|1|3").shard("x|2.0000|2|1");
        SortKey byG = new SortKey(0, false);
        ReadPlan tree = new Project(new Aggregate(shards.leaf(byG), List.of(0), AGGREGATES), List.of(1),
                List.of(new BoundExpr(MEAN, List.of())));
        MergedStream rows = ReadTree.open(tree, shards);

        // x: (3 + 2) / (3 + 1) = 1.2500 where the shards said 1.0000 and 2.0000; y: 1/3 shown at scale 4
        assertThat(FakeStream.drain(rows)).containsExactly("x|1.2500|5|4", "y|0.3333|1|3");
        assertThat(tree.describe()).startsWith("Project #1 = (SUM(a)#2 / COUNT(*)#3)\n  Aggregate");
    }

    @Test
    void theOrderOfAReplacedColumnNoLongerHolds() {
        FakeContext shards = new FakeContext(COLUMNS).shard("x|1.0000|3|3");
        SortKey byMean = new SortKey(1, false);
        ReadPlan.Opened opened = new Project(shards.leaf(new SortKey(0, false), byMean), List.of(1),
                List.of(new BoundExpr(MEAN, List.of()))).open(shards);

        assertThat(opened.order()).containsExactly(new SortKey(0, false));
        opened.rows().close();
    }

    @Test
    void anOutOfRangeResultFailsTheStatementAsMySqlDoes() {
        List<ColumnMeta> columns = List.of(Columns.bigint("MAX(a) + 1"), Columns.bigint("MAX(a)"));
        FakeContext shards = new FakeContext(columns).shard("1|9223372036854775807");
        Expr plusOne = new Expr.Arith("+", new Expr.ColumnRef(1, "MAX(a)"), new Expr.Constant(1L, "1"), "MAX(a) + 1");
        MergedStream rows = ReadTree.open(new Project(shards.leaf(), List.of(0), List.of(new BoundExpr(plusOne,
                List.of()))), shards);

        assertThatThrownBy(rows::next).isInstanceOfSatisfying(RowStreamException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(1690);
            assertThat(e.getMessage()).isEqualTo("BIGINT value is out of range in 'MAX(a) + 1'");
        });
        assertThat(shards.allClosed()).isTrue();
    }
}
