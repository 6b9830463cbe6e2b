package io.shardgate.router.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Compiles a parsed expression into an {@link Expr} over an input row: the {@link Layout} names the leaves
 * (columns of the row, literal slots of the statement), the compiler builds the operators above them.
 * Anything without an exact evaluator raises {@link NotEvaluable}: the caller pushes the expression down
 * to the shards or refuses the statement, it never approximates.
 */
public final class ExpressionCompiler {

    /** Where an expression's leaves come from. */
    public interface Layout {

        /**
         * The leaf {@code e} stands for (an input column, a statement literal), or null to compile {@code e}
         * from its parts.
         *
         * @throws NotEvaluable when {@code e} is a leaf this input cannot provide
         */
        Expr leaf(Expression e);

        /** The statement's text of {@code e}, for messages. */
        String text(Expression e);
    }

    private static final List<String> COMPARISONS = List.of("=", "<>", "!=", "<", "<=", ">", ">=", "<=>");

    private final Layout layout;

    public ExpressionCompiler(Layout layout) {
        this.layout = layout;
    }

    /** The compiled form of {@code e}. */
    public static Expr compile(Expression e, Layout layout) {
        return new ExpressionCompiler(layout).expr(e);
    }

    private Expr expr(Expression e) {
        Expr leaf = layout.leaf(e);
        if (leaf != null) {
            return leaf;
        }
        return switch (e) {
            case ParenthesedExpressionList<?> list when list.size() == 1 -> expr(list.getFirst());
            case NullValue n -> new Expr.Constant(null, "NULL");
            case BooleanValue b -> new Expr.Constant(b.getValue() ? 1L : 0L, b.getValue() ? "TRUE" : "FALSE");
            case Addition a -> arith("+", a.getLeftExpression(), a.getRightExpression(), e);
            case Subtraction a -> arith("-", a.getLeftExpression(), a.getRightExpression(), e);
            case Multiplication a -> arith("*", a.getLeftExpression(), a.getRightExpression(), e);
            case Division a -> arith("/", a.getLeftExpression(), a.getRightExpression(), e);
            case IntegerDivision a -> arith("DIV", a.getLeftExpression(), a.getRightExpression(), e);
            case Modulo a -> arith("%", a.getLeftExpression(), a.getRightExpression(), e);
            case SignedExpression s when s.getSign() == '-' -> new Expr.Arith("-", expr(s.getExpression()), null, layout.text(e));
            case SignedExpression s when s.getSign() == '+' -> expr(s.getExpression());
            case AndExpression a -> new Expr.Logic("AND", expr(a.getLeftExpression()), expr(a.getRightExpression()));
            case OrExpression o -> new Expr.Logic("OR", expr(o.getLeftExpression()), expr(o.getRightExpression()));
            case XorExpression x -> new Expr.Logic("XOR", expr(x.getLeftExpression()), expr(x.getRightExpression()));
            case NotExpression n -> new Expr.Logic("NOT", expr(n.getExpression()), null);
            case IsNullExpression n -> new Expr.Logic(n.isNot() ? "IS NOT NULL" : "IS NULL", expr(n.getLeftExpression()), null);
            case IsBooleanExpression b -> new Expr.Logic("IS " + (b.isNot() ? "NOT " : "") + (b.isTrue() ? "TRUE" : "FALSE"),
                    expr(b.getLeftExpression()), null);
            case Between b -> new Expr.Between(expr(b.getLeftExpression()), expr(b.getBetweenExpressionStart()),
                    expr(b.getBetweenExpressionEnd()), b.isNot());
            case ComparisonOperator c when COMPARISONS.contains(c.getStringExpression()) ->
                    new Expr.Compare(c.getStringExpression(), expr(c.getLeftExpression()), expr(c.getRightExpression()));
            case InExpression in -> in(in);
            case LikeExpression like when like.getLikeKeyWord() == LikeExpression.KeyWord.LIKE && !like.isUseBinary() ->
                    new Expr.Like(expr(like.getLeftExpression()), expr(like.getRightExpression()),
                            like.getEscape() == null ? null : expr(like.getEscape()), like.isNot());
            case CaseExpression c -> caseOf(c);
            case Function f -> call(f);
            default -> throw new NotEvaluable(layout.text(e));
        };
    }

    private Expr arith(String op, Expression l, Expression r, Expression whole) {
        return new Expr.Arith(op, expr(l), expr(r), layout.text(whole));
    }

    private Expr in(InExpression in) {
        if (!(in.getRightExpression() instanceof ExpressionList<?> list) || in.getRightExpression() instanceof Select) {
            throw new NotEvaluable(layout.text(in));
        }
        List<Expr> items = new ArrayList<>();
        for (Object item : list) {
            items.add(expr((Expression) item));
        }
        return new Expr.In(expr(in.getLeftExpression()), items, in.isNot());
    }

    private Expr caseOf(CaseExpression c) {
        List<Expr> whens = new ArrayList<>();
        List<Expr> thens = new ArrayList<>();
        for (WhenClause w : c.getWhenClauses()) {
            whens.add(expr(w.getWhenExpression()));
            thens.add(expr(w.getThenExpression()));
        }
        return new Expr.Case(c.getSwitchExpression() == null ? null : expr(c.getSwitchExpression()), whens, thens,
                c.getElseExpression() == null ? null : expr(c.getElseExpression()));
    }

    private Expr call(Function f) {
        String name = f.getName() == null ? "" : f.getName().toUpperCase(Locale.ROOT);
        if (!Functions.NAMES.contains(name) || f.isDistinct() || f.isAllColumns() || f.getKeep() != null) {
            throw new NotEvaluable(layout.text(f));
        }
        List<Expr> args = new ArrayList<>();
        if (f.getParameters() != null) {
            for (Object p : f.getParameters()) {
                args.add(expr((Expression) p));
            }
        }
        if ((name.equals("ROUND") || name.equals("TRUNCATE")) && args.size() == 2
                && !(args.get(1) instanceof Expr.Slot
                || args.get(1) instanceof Expr.Arith a && a.right() == null && a.left() instanceof Expr.Slot)) {
            throw new NotEvaluable(name + " to a number of digits that is not a literal");
        }
        return new Expr.Call(name, args);
    }
}
