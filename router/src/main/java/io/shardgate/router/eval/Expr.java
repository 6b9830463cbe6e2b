package io.shardgate.router.eval;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.sql.Literal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An expression compiled for a statement shape ({@link ExpressionCompiler}): the tree of operators over
 * input columns and literal slots. It holds no value and no type yet; {@link #open} resolves both, once
 * the statement's literals and the input's column metadata are known, into an {@link Evaluator}.
 * {@link #describe} is the description plans show.
 */
public sealed interface Expr {

    /** What an expression is opened against: the statement's literals and the input row's columns. */
    record Scope(List<Literal> literals, List<ColumnMeta> columns) {
    }

    Evaluator open(Scope scope);

    /** The description plans show, with the statement's literals in place of their slots (null: {@code ?}). */
    String describe(List<Literal> literals);

    /** Input column {@code column} (negative: counted from the end of the row). */
    record ColumnRef(int column, String label) implements Expr {
        @Override
        public Evaluator open(Scope scope) {
            int c = column < 0 ? scope.columns().size() + column : column;
            Type type = Type.of(scope.columns().get(c));
            return Evaluator.of(type, row -> type.normalize(row.get(c)));
        }

        @Override
        public String describe(List<Literal> literals) {
            return label + "#" + (column < 0 ? "end" + column : column);
        }
    }

    /** Literal {@code slot} of the statement, negated when the shape has {@code -?}. */
    record Slot(int slot, boolean negate) implements Expr {
        @Override
        public Evaluator open(Scope scope) {
            Literal l = scope.literals().get(slot);
            if (l.isParameter()) {
                throw new NotEvaluable("an unbound parameter");
            }
            Object value = negate && l.value() != null ? l.negatedValue() : l.value();
            Type type = Type.ofLiteral(value);
            Object v = type.normalize(value);
            return Evaluator.of(type, row -> v);
        }

        @Override
        public String describe(List<Literal> literals) {
            if (literals == null || literals.get(slot).isParameter()) {
                return negate ? "-?" : "?";
            }
            return (negate ? "-" : "") + literals.get(slot).text();
        }
    }

    /** A constant of the shape itself: NULL, TRUE, FALSE. */
    record Constant(Object value, String text) implements Expr {
        @Override
        public Evaluator open(Scope scope) {
            Type type = Type.ofLiteral(value);
            return Evaluator.of(type, row -> value);
        }

        @Override
        public String describe(List<Literal> literals) {
            return text;
        }
    }

    /**
     * {@code + - * / DIV %} and unary minus (right null); {@code sql} is the statement's text of it, which
     * MySQL's out-of-range error quotes.
     */
    record Arith(String op, Expr left, Expr right, String sql) implements Expr {
        @Override
        public Evaluator open(Scope scope) {
            return Arithmetic.open(op, left.open(scope), right == null ? null : right.open(scope), sql);
        }

        @Override
        public String describe(List<Literal> literals) {
            return right == null ? "-" + left.describe(literals)
                    : "(" + left.describe(literals) + " " + op + " " + right.describe(literals) + ")";
        }
    }

    /** {@code = <> < <= > >= <=>}. */
    record Compare(String op, Expr left, Expr right) implements Expr {
        @Override
        public Evaluator open(Scope scope) {
            return Comparison.open(op, left.open(scope), right.open(scope));
        }

        @Override
        public String describe(List<Literal> literals) {
            return left.describe(literals) + " " + op + " " + right.describe(literals);
        }
    }

    /** AND, OR, XOR, NOT (right null), IS [NOT] NULL / TRUE / FALSE (right null). */
    record Logic(String op, Expr left, Expr right) implements Expr {
        @Override
        public Evaluator open(Scope scope) {
            return Logical.open(op, left.open(scope), right == null ? null : right.open(scope));
        }

        @Override
        public String describe(List<Literal> literals) {
            String l = left.describe(literals);
            return right == null ? (op.startsWith("IS") ? l + " " + op : op + " " + l)
                    : "(" + l + " " + op + " " + right.describe(literals) + ")";
        }
    }

    /** {@code v [NOT] BETWEEN low AND high}. */
    record Between(Expr value, Expr low, Expr high, boolean not) implements Expr {
        @Override
        public Evaluator open(Scope scope) {
            Evaluator v = value.open(scope);
            Evaluator in = Logical.open("AND", Comparison.open(">=", v, low.open(scope)),
                    Comparison.open("<=", v, high.open(scope)));
            return not ? Logical.open("NOT", in, null) : in;
        }

        @Override
        public String describe(List<Literal> literals) {
            return value.describe(literals) + (not ? " NOT BETWEEN " : " BETWEEN ") + low.describe(literals) + " AND "
                    + high.describe(literals);
        }
    }

    /** {@code v [NOT] IN (a, b, ...)}. */
    record In(Expr value, List<Expr> list, boolean not) implements Expr {
        @Override
        public Evaluator open(Scope scope) {
            Evaluator v = value.open(scope);
            Evaluator any = null;
            for (Expr e : list) {
                Evaluator eq = Comparison.open("=", v, e.open(scope));
                any = any == null ? eq : Logical.open("OR", any, eq);
            }
            return not ? Logical.open("NOT", any, null) : any;
        }

        @Override
        public String describe(List<Literal> literals) {
            return value.describe(literals) + (not ? " NOT IN " : " IN ") + list.stream().map(e -> e.describe(literals))
                    .collect(Collectors.joining(", ", "(", ")"));
        }
    }

    /** {@code v [NOT] LIKE pattern [ESCAPE e]}; escape null for the default backslash. */
    record Like(Expr value, Expr pattern, Expr escape, boolean not) implements Expr {
        @Override
        public Evaluator open(Scope scope) {
            Evaluator like = LikeMatch.open(value.open(scope), pattern.open(scope),
                    escape == null ? null : escape.open(scope));
            return not ? Logical.open("NOT", like, null) : like;
        }

        @Override
        public String describe(List<Literal> literals) {
            return value.describe(literals) + (not ? " NOT LIKE " : " LIKE ") + pattern.describe(literals)
                    + (escape == null ? "" : " ESCAPE " + escape.describe(literals));
        }
    }

    /**
     * CASE: with an operand, {@code whens} are values compared to it; without, conditions. {@code otherwise}
     * null for no ELSE.
     */
    record Case(Expr operand, List<Expr> whens, List<Expr> thens, Expr otherwise) implements Expr {
        @Override
        public Evaluator open(Scope scope) {
            Evaluator op = operand == null ? null : operand.open(scope);
            List<Evaluator> conditions = whens.stream()
                    .map(w -> op == null ? w.open(scope) : Comparison.open("=", op, w.open(scope))).toList();
            List<Evaluator> results = thens.stream().map(t -> t.open(scope)).toList();
            return Conditionals.caseOf(conditions, results, otherwise == null ? null : otherwise.open(scope));
        }

        @Override
        public String describe(List<Literal> literals) {
            StringBuilder s = new StringBuilder("CASE");
            if (operand != null) {
                s.append(' ').append(operand.describe(literals));
            }
            for (int i = 0; i < whens.size(); i++) {
                s.append(" WHEN ").append(whens.get(i).describe(literals))
                        .append(" THEN ").append(thens.get(i).describe(literals));
            }
            if (otherwise != null) {
                s.append(" ELSE ").append(otherwise.describe(literals));
            }
            return s.append(" END").toString();
        }
    }

    /** A function call by upper-case name (see {@link Functions#NAMES}). */
    record Call(String name, List<Expr> args) implements Expr {
        @Override
        public Evaluator open(Scope scope) {
            return Functions.open(name, args.stream().map(a -> a.open(scope)).toList());
        }

        @Override
        public String describe(List<Literal> literals) {
            return name + args.stream().map(e -> e.describe(literals)).collect(Collectors.joining(", ", "(", ")"));
        }
    }
}
