package io.shardgate.router.planner;

import io.shardgate.router.eval.Expr;
import io.shardgate.router.merge.AggregateFunction;
import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.SortKey;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.sql.ShapeTokens;
import io.shardgate.router.sql.SqlTemplate;
import io.shardgate.router.sql.SqlTemplateBuilder;
import io.shardgate.router.sql.SqlTemplateBuilder.Edit;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * Rewrites a SELECT for several shards and compiles its merge ({@link MergeTemplate}: the read tree above
 * the shards), as the Vitess planner pushes work down: shards keep their ORDER BY so the merge can
 * interleave sorted streams; {@code LIMIT m,n} becomes {@code LIMIT m+n} on every shard and the merge skips
 * {@code m}; aggregates return partials (AVG becomes SUM plus a hidden COUNT, COUNT/SUM/AVG(DISTINCT x)
 * return the distinct x of each group, GROUP_CONCAT with DISTINCT or ORDER BY its values) and are finished
 * by the merge, HAVING with them; GROUP BY queries are sent {@code ORDER BY <group keys>} so each shard's
 * rows arrive grouped and the merge can aggregate in one streaming pass; WITH ROLLUP is left to the merge.
 * Window functions run on the shards when each partition lives on one shard; otherwise the shards return
 * their arguments sorted by the window and the merge computes them ({@link WindowPlanner}).
 *
 * <p>Whatever this cannot do correctly raises {@link PlanException}; the caller keeps the message and
 * rejects the statement only when it really reaches several shards.
 */
final class ScatterPlanner {

    /** The shard SQL edits and the merge. */
    record Result(List<Edit> edits, MergeTemplate merge, ShardBinder.Hook limitHook, int limitHookEdit) {
    }

    private final PlainSelect ps;
    private final StatementTables tables;
    private final SqlTemplateBuilder builder;
    private final ShapeTokens tokens;
    private final SelectItems items;
    private final ClausePositions clauses;
    private final AggregateRewrite rewrite;
    private final List<Edit> edits = new ArrayList<>();
    private final List<Integer> groupRefs = new ArrayList<>();
    private final List<int[]> aggregateRefs = new ArrayList<>();
    private final List<AggregateSpec> aggregateSpecs = new ArrayList<>();
    /** Per aggregate: the refs of COUNT(DISTINCT a, b)'s further arguments and GROUP_CONCAT's sort keys. */
    private final List<List<Integer>> moreRefs = new ArrayList<>();
    private final List<List<int[]>> concatOrderRefs = new ArrayList<>();
    /** What the shards must add to their GROUP BY: the arguments of the DISTINCT and ordered aggregates. */
    private final List<List<SqlTemplate.Piece>> distinctArgs = new ArrayList<>();
    private int rollupKeys;
    private final List<int[]> orderRefs = new ArrayList<>();
    private final List<MergeTemplate.Projection> projections = new ArrayList<>();
    /** The semi-joins whose filters go right above the shard reads; null for none. */
    private final SemiJoinKeys semiJoin;

    ScatterPlanner(PlainSelect ps, StatementTables tables, SqlTemplateBuilder builder, ShapeTokens tokens) {
        this(ps, tables, builder, tokens, null);
    }

    ScatterPlanner(PlainSelect ps, StatementTables tables, SqlTemplateBuilder builder, ShapeTokens tokens,
                   SemiJoinKeys semiJoin) {
        this.semiJoin = semiJoin;
        this.ps = ps;
        this.tables = tables;
        this.builder = builder;
        this.tokens = tokens;
        this.items = new SelectItems(ps.getSelectItems(), tables, builder);
        this.clauses = new ClausePositions(ps, tables, tokens, builder.shape());
        this.rewrite = new AggregateRewrite(this, items, builder, tables, edits, distinctArgs);
    }

    /**
     * @param limitHookId the hook id to use for the pushed-down LIMIT
     */
    Result plan(int limitHookId) {
        if (ps.getMySqlSqlCalcFoundRows()) {
            throw PlanException.notSupported("SQL_CALC_FOUND_ROWS across shards");
        }
        if (ps.getDistinct() != null && ps.getDistinct().getOnSelectItems() != null
                && !ps.getDistinct().getOnSelectItems().isEmpty()) {
            throw PlanException.notSupported("DISTINCT ON across shards");
        }
        WindowPlanner windows = WindowPlanner.of(ps, tables, items, builder);
        if (windows != null && clauses.binaryOrder()) {
            throw PlanException.notSupported("ORDER BY BINARY with window functions across shards");
        }
        if (windows != null && semiJoin != null) {
            throw PlanException.notSupported("window functions with an IN subquery over proxy.subquery-inline-limit");
        }
        boolean distinct = ps.getDistinct() != null;
        // an aggregate inside an expression (SUM(a) / COUNT(*)) makes an aggregate query too: planned as a
        // plain scatter it would return one row per shard
        boolean aggregate = ps.getGroupBy() != null || ps.getHaving() != null
                || items.items().stream().anyMatch(i -> i.aggregate() != null
                || items.containsBelow(i.item(), v -> v instanceof Expression e && SelectItems.aggregateName(e) != null
                && (windows == null || !windows.windowed(e))));
        List<WindowTemplate> window = List.of();
        boolean computeWindows = windows != null && (aggregate || !windows.pushedDown());
        if (computeWindows && distinct) {
            throw PlanException.notSupported("window functions with DISTINCT across shards unless PARTITION BY "
                    + "holds the shard key");
        }
        if (computeWindows && !aggregate) {
            WindowPlanner.Computed computed = windows.compute(edits, clauses);
            window = computed.windows();
            projections.addAll(computed.projections());
        }
        Expr having = null;
        if (aggregate) {
            having = planAggregate(windows);
            if (computeWindows) { // over the merged groups, their keys group keys or aggregates
                window = windows.computeOverGroups(edits, clauses, this).windows();
            }
        } else {
            planOrder(distinct);
        }
        if (!window.isEmpty() && !aggregate) {
            shardOrder(window.getFirst().shardOrder());
        }
        LimitClause limit = limitClause();
        ShardBinder.Hook limitHook = null;
        int[] limitRange = clauses.limitRange();
        // a semi-join filters the shards' rows in the proxy: a shard's first rows may all be filtered out
        if (limit != null && !aggregate && window.isEmpty() && semiJoin == null) {
            limitHook = (out, b) -> out.append("LIMIT ")
                    .append(b.pushedLimit == ShardBinder.UNBOUND_LIMIT ? "?" : Long.toString(b.pushedLimit));
            edits.add(Edit.replace(limitRange[0], limitRange[1], new SqlTemplate.Hook(limitHookId)));
        } else if (limitRange != null) {
            edits.add(Edit.delete(clauses.spaceBefore(limitRange[0]), limitRange[1]));
        }
        Edit hiddenEdit = items.hiddenColumnsEdit();
        if (hiddenEdit != null) {
            if (distinct) {
                throw PlanException.notSupported("SELECT DISTINCT with ORDER BY or aggregates it does not select, "
                        + "across shards");
            }
            edits.add(hiddenEdit);
        }
        if (semiJoin != null) { // after the hidden columns, inserted at the same offset
            List<SqlTemplate.Piece> keys = new ArrayList<>();
            for (Expression x : semiJoin.columns()) {
                keys.add(new SqlTemplate.Text(", "));
                keys.addAll(copy(x));
            }
            edits.add(new Edit(semiJoin.start(), semiJoin.end(), keys));
        }
        List<SortKey> orderBy = orderRefs.stream()
                .map(r -> new SortKey(items.column(r[0]), r[1] == 1)).toList();
        List<Integer> groupBy = groupRefs.stream().map(items::column).toList();
        List<AggregateSpec> aggregates = new ArrayList<>();
        for (int i = 0; i < aggregateSpecs.size(); i++) {
            AggregateSpec a = aggregateSpecs.get(i);
            int[] refs = aggregateRefs.get(i);
            if (items.hasStar() && (refs[1] >= 0 || a.rawValues() || !moreRefs.get(i).isEmpty())) {
                // their extra columns would count from the end too, where -1 means none
                throw PlanException.notSupported("SELECT * with AVG, DISTINCT or ordered aggregates across shards");
            }
            aggregates.add(new AggregateSpec(a.function(), items.column(refs[0]),
                    refs[1] < 0 ? -1 : items.column(refs[1]), a.distinct(), a.separator(),
                    moreRefs.get(i).stream().map(items::column).toList(),
                    concatOrderRefs.get(i).stream().map(r -> new SortKey(items.column(r[0]), r[1] == 1)).toList()));
        }
        List<MergeTemplate.Projection> projected = projections.stream()
                .map(p -> new MergeTemplate.Projection(items.column(p.column()), p.expr())).toList();
        MergeTemplate merge = new MergeTemplate(groupBy, aggregates, projected, having, distinct, orderBy, limit,
                items.visibleColumns(), items.hiddenCount(), window.stream().map(w -> w.resolve(items)).toList(),
                rollupKeys, semiJoin == null ? 0 : semiJoin.columns().size());
        return new Result(edits, merge, limitHook, limitHookId);
    }

    // ---- without aggregates --------------------------------------------------------------------------

    private void planOrder(boolean distinct) {
        if (ps.getOrderByElements() == null) {
            return;
        }
        for (OrderByElement o : ps.getOrderByElements()) {
            if (o.getNullOrdering() != null) {
                throw PlanException.notSupported("NULLS FIRST/LAST across shards");
            }
            int binary = clauses.binaryKeyword(o.getExpression());
            // ORDER BY BINARY x: a hidden column of x's bytes, which the merge compares as bytes
            int ref = binary < 0 ? items.matchOrHide(o.getExpression())
                    : items.hide(builder.copy(binary, tables.end(o.getExpression())), null);
            orderRefs.add(new int[] {ref, o.isAsc() ? 0 : 1});
        }
    }

    // ---- with aggregates -----------------------------------------------------------------------------

    /** @param windows the statement's windows, whose items {@link WindowPlanner} plans; null for none */
    private Expr planAggregate(WindowPlanner windows) {
        // SELECT *, COUNT(*) ... GROUP BY k: the * passes through the merge (a group's first row, as MariaDB takes
        // any row's); its width is known only when the shards answer, so the aggregates count from the end
        if (items.hasStar() && (ps.getGroupBy() == null || ps.getGroupBy().isMysqlWithRollup() || windows != null)) {
            throw PlanException.notSupported("SELECT * with aggregates " + (ps.getGroupBy() == null
                    ? "without GROUP BY" : windows != null ? "and window functions" : "WITH ROLLUP") + " across shards");
        }
        if (ps.getGroupBy() != null && ps.getGroupBy().getGroupingSets() != null
                && !ps.getGroupBy().getGroupingSets().isEmpty()) {
            throw PlanException.notSupported("GROUP BY ... GROUPING SETS across shards");
        }
        boolean rollup = ps.getGroupBy() != null && ps.getGroupBy().isMysqlWithRollup();
        if (rollup) {
            planRollup();
        }
        List<Expression> groupExprs = new ArrayList<>();
        if (ps.getGroupBy() != null && ps.getGroupBy().getGroupByExpressionList() != null) {
            for (Object g : ps.getGroupBy().getGroupByExpressionList()) {
                groupExprs.add((Expression) g);
            }
        }
        for (Expression g : groupExprs) {
            groupRefs.add(items.matchOrHide(g));
        }
        rollupKeys = rollup ? groupExprs.size() : 0;
        for (int k = 0; k < items.items().size(); k++) {
            SelectItems.Item item = items.items().get(k);
            if (windows != null && item.expr() instanceof AnalyticExpression) {
                continue;
            }
            if (item.aggregate() != null) {
                rewrite.item(k, item);
            } else if (items.containsBelow(item.item(), v -> v instanceof Expression e && SelectItems.aggregateName(e) != null)) {
                // the shards still compute the item: its column definition is the one MySQL gives; Project
                // replaces their partial value with the expression over the merged aggregates
                projections.add(new MergeTemplate.Projection(k,
                        new AggregateLayout(this, k).compile(item.expr(), "expression")));
            } else if (items.containsBelow(item.item(), v -> v instanceof Column) || item.expr() instanceof Column) {
                if (groupExprs.isEmpty()) {
                    throw PlanException.notSupported("non-aggregated column " + text(item.expr())
                            + " without GROUP BY across shards");
                }
                if (!groupRefs.contains(k)) {
                    groupRefs.add(k); // functionally dependent on the group keys
                }
            }
        }
        Expr having = null;
        if (ps.getHaving() != null) {
            having = new AggregateLayout(this, -1).compile(ps.getHaving(), "HAVING");
            int keyword = tokens.indexBefore(tables.start(ps.getHaving()));
            edits.add(Edit.delete(clauses.spaceBefore(tokens.get(keyword).start()), tables.end(ps.getHaving())));
        }
        if (clauses.binaryOrder()) {
            throw PlanException.notSupported("ORDER BY BINARY with GROUP BY or aggregates across shards");
        }
        if (ps.getOrderByElements() != null) {
            for (OrderByElement o : ps.getOrderByElements()) {
                if (o.getNullOrdering() != null) {
                    throw PlanException.notSupported("NULLS FIRST/LAST across shards");
                }
                orderRefs.add(new int[] {orderColumn(o.getExpression()), o.isAsc() ? 0 : 1});
            }
        }
        // each partial group of a shard has one value of a semi-join's column, for the filter below the merge
        if (semiJoin != null) {
            semiJoin.columns().forEach(x -> distinctArgs.add(copy(x)));
        }
        // after HAVING and ORDER BY, which may name DISTINCT aggregates too
        if (!distinctArgs.isEmpty()) {
            List<SqlTemplate.Piece> pieces = new ArrayList<>();
            pieces.add(new SqlTemplate.Text(groupExprs.isEmpty() ? " GROUP BY " : ", "));
            for (int i = 0; i < distinctArgs.size(); i++) {
                if (i > 0) {
                    pieces.add(new SqlTemplate.Text(", "));
                }
                pieces.addAll(distinctArgs.get(i));
            }
            int at = groupExprs.isEmpty() ? clauses.fromEnd() : tables.end(groupExprs.getLast());
            edits.add(Edit.insert(at, pieces));
        }
        if (ps.getOrderByElements() == null && !rollup) { // a rollup's rows come in group order, totals after
            groupRefs.subList(0, groupExprs.size()).forEach(g -> orderRefs.add(new int[] {g, 0}));
        }
        List<SqlTemplate.Piece> shardOrder = new ArrayList<>();
        if (!groupExprs.isEmpty()) {
            shardOrder.add(new SqlTemplate.Text(" ORDER BY "));
            for (int i = 0; i < groupExprs.size(); i++) {
                if (i > 0) {
                    shardOrder.add(new SqlTemplate.Text(", "));
                }
                shardOrder.addAll(builder.copy(tables.start(groupExprs.get(i)), tables.end(groupExprs.get(i))));
            }
        }
        shardOrder(shardOrder);
        return having;
    }

    /** Replaces the statement's ORDER BY for the shards by {@code shardOrder} (" ORDER BY ..."; empty: none). */
    private void shardOrder(List<SqlTemplate.Piece> shardOrder) {
        int[] order = clauses.orderRange();
        if (order != null) {
            edits.add(new Edit(clauses.spaceBefore(order[0]), order[1], shardOrder));
        } else if (!shardOrder.isEmpty()) {
            edits.add(Edit.insert(clauses.orderInsertPoint(), shardOrder));
        }
    }

    /**
     * WITH ROLLUP: the shards group without it and the merge adds the super-aggregate rows. MariaDB refuses
     * ROLLUP with ORDER BY (1221); MySQL 8 allows it, but the merge does not sort rolled-up rows.
     */
    private void planRollup() {
        if (ps.getOrderByElements() != null && !ps.getOrderByElements().isEmpty()) {
            throw new PlanException(new Reject(1221, "HY000", "Incorrect usage of CUBE/ROLLUP and ORDER BY"));
        }
        int at = -1;
        for (int i = 1; i < tokens.size(); i++) {
            if (tokens.get(i).depth() == 0 && tokens.get(i).is("ROLLUP") && tokens.get(i - 1).is("WITH")) {
                at = i;
            }
        }
        edits.add(Edit.delete(clauses.spaceBefore(tokens.get(at - 1).start()), tokens.get(at).end()));
    }

    /**
     * The merged column an ORDER BY key of an aggregate query sorts by: a select item, a group key or an
     * aggregate (see {@link #columnFor}); an expression over aggregates, or an AVG not selected, becomes a
     * hidden column that the shards compute for its type and {@code Project} fills in.
     */
    private int orderColumn(Expression e) {
        int m = items.match(e);
        if (m >= 0) {
            return m;
        }
        String agg = SelectItems.aggregateName(e);
        boolean plainAggregate = agg != null && !agg.equals("AVG");
        if (plainAggregate || !items.containsBelow(e, v -> v instanceof Expression x && SelectItems.aggregateName(x) != null)
                && !"AVG".equals(agg)) {
            return columnFor(e);
        }
        Expr expr = new AggregateLayout(this, -1).compile(e, "ORDER BY");
        int ref = items.hide(copy(e), items.key(e));
        projections.add(new MergeTemplate.Projection(ref, expr));
        return ref;
    }

    /**
     * A column holding aggregate {@code fn} of {@code arg}: one already selected or hidden, else a new hidden
     * column the shards compute and the merge finishes; its reference.
     */
    int hiddenAggregate(AggregateFunction fn, Expression arg) {
        String argKey = items.key(arg);
        String key = argKey == null ? null : fn.name().toLowerCase(java.util.Locale.ROOT) + "(" + argKey + ")";
        int m = key == null ? -1 : items.matchKey(key);
        if (m >= 0) {
            return m;
        }
        List<SqlTemplate.Piece> pieces = new ArrayList<>();
        pieces.add(new SqlTemplate.Text(fn.name() + "("));
        pieces.addAll(copy(arg));
        pieces.add(new SqlTemplate.Text(")"));
        int ref = items.hide(pieces, key);
        addAggregate(fn, ref, -1, false, null);
        return ref;
    }

    List<SqlTemplate.Piece> copy(Expression e) {
        return builder.copy(tables.start(e), tables.end(e));
    }

    void addAggregate(AggregateFunction fn, int ref, int countRef, boolean distinct, String separator) {
        addAggregate(new AggregateSpec(fn, 0, -1, distinct, separator), ref, countRef, List.of(), List.of());
    }

    /** {@code spec}'s columns are taken from the refs once the hidden columns are placed. */
    void addAggregate(AggregateSpec spec, int ref, int countRef, List<Integer> more, List<int[]> order) {
        aggregateSpecs.add(spec);
        aggregateRefs.add(new int[] {ref, countRef});
        moreRefs.add(more);
        concatOrderRefs.add(order);
    }

    /**
     * The merged column holding {@code e} in an aggregate query: a select item, a group key, or a hidden
     * aggregate appended for it (used by ORDER BY and HAVING).
     */
    int columnFor(Expression e) {
        int m = items.match(e);
        if (m >= 0) {
            return m;
        }
        String agg = SelectItems.aggregateName(e);
        if (agg == null) {
            if (e instanceof Column) {
                throw PlanException.notSupported("ORDER BY/HAVING on " + text(e)
                        + ", which is neither selected nor grouped, across shards");
            }
            throw PlanException.notSupported("ORDER BY/HAVING expression " + text(e) + " across shards");
        }
        if (e instanceof Function f && f.isDistinct() && !agg.equals("MIN") && !agg.equals("MAX")) {
            return rewrite.distinct(-1, null, f);
        }
        if (agg.equals("AVG") || agg.equals("GROUP_CONCAT")) {
            throw PlanException.notSupported(agg + " in HAVING/ORDER BY without selecting it, across shards");
        }
        int ref = items.hide(builder.copy(tables.start(e), tables.end(e)), items.key(e));
        addAggregate(AggregateFunction.valueOf(agg), ref, -1, false, null);
        return ref;
    }

    /** {@link KeyConditions#literal}. */
    Expr literal(Expression e) {
        return new KeyConditions(tables, builder).literal(e);
    }

    String text(Expression e) {
        return tables.hasPosition(e) ? builder.shape().substring(tables.start(e), tables.end(e)) : String.valueOf(e);
    }

    // ---- clause positions ----------------------------------------------------------------------------

    private LimitClause limitClause() {
        return LimitClause.of(ps.getLimit(), ps.getOffset(), new KeyConditions(tables, builder));
    }

    SelectItems items() {
        return items;
    }
}
