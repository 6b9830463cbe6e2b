package io.shardgate.router.planner;

import io.shardgate.router.eval.Expr;
import io.shardgate.router.sql.SqlTemplateBuilder;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;

/**
 * Compiles a WHERE clause into a {@link KeyCondition}, remembering the IN lists on the shard key that
 * may be split per shard.
 *
 * <p>An IN list is split only when it is reached through AND, OR and parentheses alone. There, a shard's
 * rows can only match values that route to that shard, so dropping the other values changes nothing; under
 * NOT or inside another expression it would.
 */
final class KeyConditions {

    /** An IN list on the shard key: its values, and the shape range between its parentheses. */
    record InList(int id, int innerStart, int innerEnd, List<ValueRef> values) {
    }

    private final StatementTables tables;
    private final SqlTemplateBuilder builder;
    private final List<InList> inLists = new ArrayList<>();

    KeyConditions(StatementTables tables, SqlTemplateBuilder builder) {
        this.tables = tables;
        this.builder = builder;
    }

    List<InList> inLists() {
        return inLists;
    }

    KeyCondition extract(Expression where) {
        return where == null ? KeyCondition.ALL : condition(where);
    }

    private KeyCondition condition(Expression e) {
        if (e instanceof InExpression in && misparsed(in)) {
            return condition(repaired(in, in.getRightExpression()));
        }
        if (e instanceof AndExpression and) {
            return KeyCondition.and(condition(and.getLeftExpression()), condition(and.getRightExpression()));
        }
        if (e instanceof OrExpression or) {
            return KeyCondition.or(condition(or.getLeftExpression()), condition(or.getRightExpression()));
        }
        if (e instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
            return condition(list.getFirst());
        }
        if (e instanceof InExpression in && !in.isNot() && isKey(in.getLeftExpression())
                && in.getRightExpression() instanceof ParenthesedExpressionList<?> list && !list.isEmpty()) {
            List<ValueRef> values = new ArrayList<>(list.size());
            for (Expression item : list) {
                ValueRef v = valueRef(item);
                if (v == null) {
                    return KeyCondition.ALL;
                }
                values.add(v);
            }
            int id = inLists.size();
            if (tables.hasPosition(list)) {
                inLists.add(new InList(id, tables.start(list) + 1, tables.end(list) - 1, values));
                return new KeyCondition.Values(values, false, id);
            }
            return new KeyCondition.Values(values, false, -1);
        }
        if (e instanceof Between between && !between.isNot() && isKey(between.getLeftExpression())) {
            ValueRef lo = valueRef(between.getBetweenExpressionStart());
            ValueRef hi = valueRef(between.getBetweenExpressionEnd());
            return lo == null || hi == null ? KeyCondition.ALL : new KeyCondition.Range(lo, true, hi, true);
        }
        if (e instanceof ComparisonOperator cmp) {
            String op = cmp.getStringExpression();
            boolean keyLeft = isKey(cmp.getLeftExpression());
            boolean keyRight = !keyLeft && isKey(cmp.getRightExpression());
            if (!keyLeft && !keyRight) {
                return KeyCondition.ALL;
            }
            ValueRef v = valueRef(keyLeft ? cmp.getRightExpression() : cmp.getLeftExpression());
            if (v == null) {
                return KeyCondition.ALL;
            }
            if (!keyLeft) {
                op = flip(op);
            }
            return switch (op) {
                case "=" -> new KeyCondition.Values(List.of(v), false, -1);
                case "<=>" -> new KeyCondition.Values(List.of(v), true, -1);
                case ">" -> new KeyCondition.Range(v, false, null, false);
                case ">=" -> new KeyCondition.Range(v, true, null, false);
                case "<" -> new KeyCondition.Range(null, false, v, false);
                case "<=" -> new KeyCondition.Range(null, false, v, true);
                default -> KeyCondition.ALL;
            };
        }
        return KeyCondition.ALL;
    }

    /**
     * JSqlParser 5.3 parses {@code k IN (1, 2) AND x = 5} as {@code k IN ((1, 2) AND x = 5)} (its issues
     * #2244, #2282; fixed after 5.3): the right side is then a boolean expression whose leftmost operand
     * is the real list.
     */
    private static boolean misparsed(InExpression in) {
        Expression right = in.getRightExpression();
        while (right instanceof AndExpression || right instanceof OrExpression || right instanceof XorExpression) {
            right = ((BinaryExpression) right).getLeftExpression();
            if (right instanceof ParenthesedExpressionList<?>) {
                return true;
            }
        }
        return false;
    }

    /** The tree the SQL means: the boolean expression with its leftmost operand replaced by the IN. */
    static Expression repaired(InExpression in, Expression right) {
        if (right instanceof AndExpression and) {
            return new AndExpression(repaired(in, and.getLeftExpression()), and.getRightExpression());
        }
        if (right instanceof OrExpression or) {
            return new OrExpression(repaired(in, or.getLeftExpression()), or.getRightExpression());
        }
        if (right instanceof XorExpression xor) {
            return new XorExpression(repaired(in, xor.getLeftExpression()), xor.getRightExpression());
        }
        InExpression fixed = new InExpression(in.getLeftExpression(), right);
        fixed.setNot(in.isNot());
        return fixed;
    }

    private static String flip(String op) {
        return switch (op) {
            case ">" -> "<";
            case ">=" -> "<=";
            case "<" -> ">";
            case "<=" -> ">=";
            default -> op;
        };
    }

    private boolean isKey(Expression e) {
        return e instanceof Column c && tables.keyTable(c) != null;
    }

    /**
     * A value for the evaluator: a statement literal's slot ({@link #valueRef}), or a number the normalizer left
     * in the shape (a value there, never a select-list position); null for anything else.
     */
    Expr literal(Expression e) {
        ValueRef literal = valueRef(e);
        if (literal != null) {
            return new Expr.Slot(literal.slot(), literal.negate());
        }
        if (e instanceof LongValue number) {
            BigInteger v = number.getBigIntegerValue();
            return new Expr.Constant(v.bitLength() < 64 ? (Object) v.longValue() : v, number.getStringValue());
        }
        return null;
    }

    /** The literal behind {@code ?}, {@code -?} or {@code +?}; null for anything else. */
    ValueRef valueRef(Expression e) {
        if (e instanceof JdbcParameter p && tables.hasPosition(p)) {
            int slot = builder.slotAt(tables.start(p));
            return slot < 0 ? null : new ValueRef(slot, false);
        }
        if (e instanceof SignedExpression s && s.getExpression() instanceof JdbcParameter p) {
            ValueRef inner = valueRef(p);
            if (inner == null) {
                return null;
            }
            return switch (s.getSign()) {
                case '-' -> new ValueRef(inner.slot(), true);
                case '+' -> inner;
                default -> null;
            };
        }
        if (e instanceof ExpressionList<?> list && list.size() == 1 && !(list.getFirst() instanceof ExpressionList<?>)) {
            return valueRef(list.getFirst());
        }
        return null;
    }
}
