package io.shardgate.router.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * Where each condition of a join across shards is decided. ON and WHERE are split into their ANDed parts:
 * <ul>
 *   <li>an ON equality between a column of each table is a join key;</li>
 *   <li>a part that names one table goes into that table's SELECT, where it filters before the join (an ON
 *       part of an outer join only for the table it extends with NULLs; a WHERE part of an outer join only
 *       for the preserved table, since NULL-extended rows are not filtered out there);</li>
 *   <li>any other part of WHERE, and of the ON of an inner join (where ON and WHERE mean the same), is
 *       evaluated by the proxy over each joined row, after the join ({@link #afterJoin});</li>
 *   <li>any other ON part of an outer join (over the preserved table, or both) decides which rows match: the
 *       proxy evaluates it over each pair of rows with equal keys, and a preserved row that no pair passes is
 *       extended with NULLs ({@link #matching}).</li>
 * </ul>
 */
final class JoinConditions {

    final List<Integer> buildKeys = new ArrayList<>();
    final List<Integer> probeKeys = new ArrayList<>();
    /** Conditions over the joined rows, ANDed. */
    final List<Expression> afterJoin = new ArrayList<>();
    /** Conditions a pair of rows with equal keys must pass to match (an outer join's ON), ANDed. */
    final List<Expression> matching = new ArrayList<>();

    private JoinConditions() {
    }

    /**
     * @param build the side held in the hash table (for an outer join, the one extended with NULLs)
     * @param outer LEFT or RIGHT JOIN
     */
    static JoinConditions of(JoinScope scope, PlainSelect ps, Join join, JoinSide build, JoinSide probe,
                             boolean outer) {
        JoinConditions out = new JoinConditions();
        for (Expression on : join.getOnExpressions()) {
            for (Expression c : conjuncts(on)) {
                if (c instanceof EqualsTo eq && eq.getLeftExpression() instanceof Column a
                        && eq.getRightExpression() instanceof Column b && scope.sideOf(a) != scope.sideOf(b)) {
                    Column bc = scope.sideOf(a) == build ? a : b;
                    Column pc = bc == a ? b : a;
                    out.buildKeys.add(build.column(scope.text(bc)));
                    out.probeKeys.add(probe.column(scope.text(pc)));
                    continue;
                }
                JoinSide only = scope.onlySide(c);
                if (outer && only != build) {
                    out.matching.add(c);
                } else if (only == null) {
                    out.afterJoin.add(c);
                } else {
                    only.condition(scope.tables.start(c), scope.tables.end(c));
                }
            }
        }
        if (out.buildKeys.isEmpty()) {
            throw PlanException.notSupported("a join across shards without an equality between the two tables");
        }
        if (ps.getWhere() != null) {
            for (Expression c : conjuncts(ps.getWhere())) {
                Set<JoinSide> named = scope.sidesOf(c);
                JoinSide only = named.size() == 1 ? named.iterator().next() : null;
                if (only == null || outer && only == build) {
                    out.afterJoin.add(c);
                } else {
                    only.condition(scope.tables.start(c), scope.tables.end(c));
                }
            }
        }
        return out;
    }

    private static List<Expression> conjuncts(Expression e) {
        List<Expression> out = new ArrayList<>();
        while (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) { // JSqlParser 5's parentheses
            e = (Expression) p.getFirst();
        }
        if (e instanceof AndExpression and) {
            out.addAll(conjuncts(and.getLeftExpression()));
            out.addAll(conjuncts(and.getRightExpression()));
        } else {
            out.add(e);
        }
        return out;
    }
}
