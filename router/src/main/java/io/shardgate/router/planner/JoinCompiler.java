package io.shardgate.router.planner;

import io.shardgate.router.eval.Expr;
import io.shardgate.router.sql.ShapeParser;
import io.shardgate.router.sql.ShapeTokens;
import io.shardgate.router.sql.SqlTemplateBuilder;
import java.util.List;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * Compiles a join of tables that no shard holds together (sharded tables not bound to each other, or a sharded
 * with an unsharded table) into a {@link JoinTemplate}: each side's own SELECT ({@link JoinSide}) and the
 * {@code HashJoin} and operators above it. With more than two tables the join of all but the last is one side
 * (MySQL joins left to right), whose SELECT is planned as a statement of its own.
 *
 * <p>What qualifies: {@code FROM a [INNER | LEFT | RIGHT] JOIN b ON a.x = b.y [AND ...] [JOIN c ON ...]}, every
 * column qualified by its table or alias; ON equalities between the two sides are the join keys, the other
 * conditions are decided as {@link JoinConditions} says (in a side's SELECT, or by the proxy while matching
 * or over the joined rows); select items are columns, {@code *} and {@code t.*}, expressions of one side's
 * columns, or COUNT / SUM / MIN / MAX / AVG of a column or such an expression (COUNT(*), COUNT and SUM with
 * DISTINCT) ({@link JoinSelectList}); GROUP BY columns; ORDER BY columns, expressions of one side's columns,
 * select aliases or positions; LIMIT; DISTINCT. Anything else is refused with 1235 naming the part, rather
 * than computed differently from MySQL.
 */
final class JoinCompiler {

    private final PlanCompiler compiler;
    private final ShapeTokens tokens;
    private final String schema;
    private final StatementTables tables;
    private final PlainSelect ps;

    private JoinCompiler(PlanCompiler compiler, ShapeTokens tokens, String schema, StatementTables tables,
                         PlainSelect ps) {
        this.compiler = compiler;
        this.tokens = tokens;
        this.schema = schema;
        this.tables = tables;
        this.ps = ps;
    }

    /** The template, or null when the statement is no such join (then it is refused as before). */
    static PlanTemplate compile(PlanCompiler compiler, ShapeParser.Parsed parsed, ShapeTokens tokens, String schema,
                                StatementTables tables, PlainSelect ps) {
        if (ps.getJoins() == null || ps.getJoins().isEmpty() || !(ps.getFromItem() instanceof Table)
                || ps.getJoins().stream().anyMatch(j -> !(j.getRightItem() instanceof Table) || j.isSimple())
                || tables.occurrences().stream().anyMatch(o -> o.depth() > 0)
                || tables.occurrences().stream().filter(o -> !o.alias()).count() != ps.getJoins().size() + 1) {
            return null;
        }
        Join join = ps.getJoins().getLast();
        if (join.isNatural() || join.isCross() || join.isFull() || join.isSemi() || join.isApply()
                || join.getUsingColumns() != null && !join.getUsingColumns().isEmpty()
                || join.getOnExpressions() == null || join.getOnExpressions().isEmpty()) {
            return null;
        }
        try {
            return new JoinCompiler(compiler, tokens, schema, tables, ps).compile();
        } catch (PlanException e) {
            return PlanTemplate.fixed(io.shardgate.router.plan.Reject.notSupported(e.getMessage()));
        }
    }

    private PlanTemplate compile() {
        Join join = ps.getJoins().getLast();
        if (ps.getWithItemsList() != null && !ps.getWithItemsList().isEmpty() || ps.getOffset() != null
                || ps.getFetch() != null) {
            throw PlanException.notSupported("WITH or FETCH with a join across shards");
        }
        List<StatementTables.Occurrence> found = tables.occurrences().stream().filter(o -> !o.alias())
                .sorted(java.util.Comparator.comparingInt(StatementTables.Occurrence::start)).toList();
        if (found.stream().map(JoinSide::qualifier).distinct().count() != found.size()) {
            throw PlanException.notSupported("a join across shards of two tables with one name");
        }
        // more tables: the join of all but the last is one side (MySQL joins left to right), planned on its own
        StatementTables.Occurrence last = found.getLast();
        JoinSide left = found.size() == 2 ? new JoinSide(found.getFirst(), tokens)
                : new JoinSide(found.subList(0, found.size() - 1), found.getFirst().start(), joinStart(last), tokens);
        JoinSide right = new JoinSide(last, tokens);
        JoinScope scope = new JoinScope(tokens, tables, List.of(left, right));
        boolean rightJoin = join.isRight();
        boolean outer = join.isLeft() || rightJoin;
        // the side an outer join extends with NULLs is built; the preserved one streams as the probe side
        JoinSide build = rightJoin ? left : right;
        JoinSide probe = rightJoin ? right : left;

        JoinConditions conditions = JoinConditions.of(scope, ps, join, build, probe, outer);
        JoinSelectList row = new JoinSelectList(scope, build, probe, outer);
        row.compile(ps);
        JoinRowLayout layout = new JoinRowLayout(scope, row);
        layout.place(conditions.matching);
        layout.place(conditions.afterJoin);
        Expr matching = layout.condition(conditions.matching);
        Expr afterJoin = layout.condition(conditions.afterJoin);
        List<Expr> sortKeys = row.evaluatedKeys.stream().map(layout::sortKey).toList();
        Expr having = ps.getHaving() == null ? null : new JoinHaving(scope, row).compile(ps.getHaving());
        boolean distinct = ps.getDistinct() != null;
        if (distinct && row.order.stream().anyMatch(k -> k.column() >= row.visible || k.column() < 0)) {
            throw PlanException.notSupported("DISTINCT with ORDER BY a column not selected, in a join across shards");
        }
        LimitClause limit = limit(ps.getLimit());
        JoinTemplate.SideStatement buildStatement = build.statement(compiler, schema);
        JoinTemplate.SideStatement probeStatement = probe.statement(compiler, schema);
        JoinTemplate hash = new JoinTemplate(buildStatement, probeStatement, conditions.buildKeys,
                conditions.probeKeys, outer, row.finalOutputs(), matching, afterJoin, sortKeys,
                row.computed.isEmpty() ? null : row.computed.typing(compiler, schema), row.computed.columns,
                row.computed.expressions, row.groupBy, row.aggregates, having, distinct,
                row.finalOrder(), limit, row.visibleCount());
        return ApplyJoinPlanner.choose(compiler, schema, hash, build.asApplyTable(), probe.asApplyTable());
    }

    /** Where the join clause of {@code table} starts: the end of the text before its JOIN keywords. */
    private int joinStart(StatementTables.Occurrence table) {
        int i = tokens.indexBefore(table.start() + 1) - 1;
        while (i > 0 && (tokens.get(i).is("JOIN") || tokens.get(i).is("INNER") || tokens.get(i).is("LEFT")
                || tokens.get(i).is("RIGHT") || tokens.get(i).is("OUTER") || tokens.get(i).is("STRAIGHT_JOIN"))) {
            i--;
        }
        return tokens.get(i).end();
    }

    private LimitClause limit(Limit limit) {
        return LimitClause.of(limit, null, new KeyConditions(tables, new SqlTemplateBuilder(tokens.shape())));
    }
}
