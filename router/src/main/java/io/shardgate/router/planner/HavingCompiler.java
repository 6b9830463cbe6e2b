package io.shardgate.router.planner;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;

/**
 * Compiles a HAVING clause into a {@link HavingPredicate} tree over merged rows. Operands are aggregates
 * and group keys (found in or appended to the select list by the {@link ScatterPlanner}) and literals;
 * anything else is refused.
 */
final class HavingCompiler {

    private final ScatterPlanner planner;

    HavingCompiler(ScatterPlanner planner) {
        this.planner = planner;
    }

    HavingPredicate.Node node(Expression e) {
        if (e instanceof AndExpression and) {
            return new HavingPredicate.And(node(and.getLeftExpression()), node(and.getRightExpression()));
        }
        if (e instanceof OrExpression or) {
            return new HavingPredicate.Or(node(or.getLeftExpression()), node(or.getRightExpression()));
        }
        if (e instanceof NotExpression not) {
            return new HavingPredicate.Not(node(not.getExpression()));
        }
        if (e instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
            return node(list.getFirst());
        }
        if (e instanceof IsNullExpression isNull) {
            return new HavingPredicate.IsNull(operand(isNull.getLeftExpression()), isNull.isNot());
        }
        if (e instanceof Between between) {
            return new HavingPredicate.Between(operand(between.getLeftExpression()),
                    operand(between.getBetweenExpressionStart()), operand(between.getBetweenExpressionEnd()),
                    between.isNot());
        }
        if (e instanceof ComparisonOperator cmp) {
            String op = cmp.getStringExpression();
            if (!op.equals("=") && !op.equals("!=") && !op.equals("<>") && !op.equals("<") && !op.equals("<=")
                    && !op.equals(">") && !op.equals(">=") && !op.equals("<=>")) {
                throw unsupported(e);
            }
            return new HavingPredicate.Compare(op, operand(cmp.getLeftExpression()), operand(cmp.getRightExpression()));
        }
        throw unsupported(e);
    }

    private HavingPredicate.Operand operand(Expression e) {
        if (e instanceof NullValue) {
            return new HavingPredicate.Constant(null, "NULL");
        }
        ValueRef literal = planner.valueRef(e);
        if (literal != null) {
            return new HavingPredicate.LiteralOperand(literal);
        }
        if (e instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
            return operand(list.getFirst());
        }
        int ref = planner.columnFor(e);
        return new HavingPredicate.ColumnOperand(planner.items().column(ref), planner.text(e));
    }

    private PlanException unsupported(Expression e) {
        return PlanException.notSupported("HAVING condition " + planner.text(e)
                + " across shards (supported: comparisons, BETWEEN, IS NULL, AND, OR, NOT)");
    }
}
