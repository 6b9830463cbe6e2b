package io.shardgate.proxy.execute.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.proxy.execute.FakeExecutionContext;
import io.shardgate.proxy.execute.RecordedOutput;
import io.shardgate.router.merge.HashJoinRows;
import io.shardgate.router.plan.ApplyJoin;
import io.shardgate.router.plan.HashJoin;
import io.shardgate.router.plan.KeepColumns;
import io.shardgate.router.plan.MergeShards;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Route;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The apply join's first phases: the outer values read on the session's connection, the inner side's statement
 * written per batch and routed, the tree handed on with the hash join over those routes, or over every inner
 * shard when the values cannot be written.
 */
class ApplyJoinReadsTest {

    private static final String PREFIX = "SELECT a.id, a.name FROM accounts AS a WHERE a.id IN ";

    private final FakeExecutionContext context = new FakeExecutionContext();
    private final RecordedOutput output = new RecordedOutput(context);
    private final ApplyJoinReads reads = new ApplyJoinReads(context, new SubqueryReads(context));
    private final List<String> routed = new ArrayList<>();
    private final List<ReadPlan> ran = new ArrayList<>();

    private static MergeShards leaf(String... sql) {
        return new MergeShards(Arrays.stream(sql).map(s -> new Route("ds0", s, false)).toList(), List.of());
    }

    private final HashJoin join = new HashJoin(leaf("all accounts 0", "all accounts 1"), leaf("outer rows"),
            List.of(0), List.of(0), true, List.of(new HashJoinRows.Output(false, 1), new HashJoinRows.Output(true, 1)));
    private final ApplyJoin apply = new ApplyJoin(join, leaf("outer values"), PREFIX);
    private final ReadPlan tree = new KeepColumns(apply, 1);

    @AfterEach
    void close() {
        output.close();
        context.close();
    }

    /** The router of the test: a batch goes to one route per value parity, as a two-shard hash would send it. */
    private Plan route(String sql) {
        routed.add(sql);
        return sql.contains("(NULL)") ? leaf("no value 0", "no value 1")
                : new MergeShards(List.of(new Route("ds0", "even " + sql, false), new Route("ds1", "odd " + sql,
                        false)), List.of());
    }

    private void run(int maxValues, java.util.function.Function<String, Plan> router) {
        reads.run(tree, apply, maxValues, output, router, (resolved, out) -> ran.add(resolved));
    }

    private static MergeShards innerOf(ReadPlan resolved) {
        assertThat(resolved).isInstanceOf(KeepColumns.class);
        ReadPlan joined = resolved.inputs().getFirst();
        assertThat(joined).isInstanceOf(HashJoin.class);
        return (MergeShards) ((HashJoin) joined).build();
    }

    @Test
    void theOuterValuesBecomeTheInnerSidesStatements() {
        run(100, this::route);
        assertThat(context.node("ds0").nextCommand()).isEqualTo("outer values");
        context.node("ds0").rows(List.of("id"), List.of(List.of("4"), Arrays.asList((String) null), List.of("8"),
                List.of("4")));
        assertThat(routed).containsExactly(PREFIX + "('4', '8')");
        assertThat(ran).hasSize(1);
        assertThat(innerOf(ran.getFirst()).routes()).extracting(Route::sql)
                .containsExactly("even " + PREFIX + "('4', '8')", "odd " + PREFIX + "('4', '8')");
        assertThat(output.error).isNull();
    }

    @Test
    void noValueReadsOneShardForTheColumns() {
        run(100, this::route);
        context.node("ds0").nextCommand();
        context.node("ds0").rows(List.of("id"), List.of(Arrays.asList((String) null)));
        assertThat(routed).containsExactly(PREFIX + "(NULL)");
        assertThat(innerOf(ran.getFirst()).routes()).extracting(Route::sql).containsExactly("no value 0");
    }

    @Test
    void moreValuesThanTheBudgetRunTheHashJoin() {
        run(2, this::route);
        context.node("ds0").nextCommand();
        context.node("ds0").rows(List.of("id"), List.of(List.of("1"), List.of("2"), List.of("3")));
        assertThat(routed).isEmpty();
        assertThat(innerOf(ran.getFirst())).isSameAs(join.build());
    }

    @Test
    void aBatchTheRouterDoesNotPlanAsShardReadsRunsTheHashJoin() {
        run(100, sql -> Reject.notSupported("no"));
        context.node("ds0").nextCommand();
        context.node("ds0").rows(List.of("id"), List.of(List.of("1")));
        assertThat(innerOf(ran.getFirst())).isSameAs(join.build());
    }

    @Test
    void aFailureWritingTheBatchesAnswersTheClient() {
        run(100, sql -> {
            throw new IllegalStateException("planner broke");
        });
        context.node("ds0").nextCommand();
        context.node("ds0").rows(List.of("id"), List.of(List.of("1")));
        assertThat(ran).isEmpty();
        assertThat(output.error).isNotNull();
        assertThat(output.error.message()).doesNotContain("IllegalStateException");
    }

    @Test
    void anErrorReadingTheOuterValuesIsTheStatementsError() {
        run(100, this::route);
        context.node("ds0").nextCommand();
        context.node("ds0").err(1146, "42S02", "Table 'shop.x' doesn't exist");
        assertThat(ran).isEmpty();
        assertThat(output.error.errorCode()).isEqualTo(1146);
    }
}
