package io.shardgate.router.planner;

import io.shardgate.router.merge.Row;
import io.shardgate.router.merge.RowPredicate;
import io.shardgate.router.sql.Literal;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.List;

/**
 * HAVING evaluated over merged rows: comparisons of columns (aggregates, group keys) with literals or other
 * columns, IS [NOT] NULL, BETWEEN, AND/OR/NOT, with SQL's three-valued logic (a comparison with NULL is
 * unknown, and a row passes only when the whole condition is true).
 *
 * <p>Values compare as MySQL compares them for the common cases: numbers numerically across Long,
 * BigInteger, BigDecimal and Double; a number with a string by converting the string to a number; strings
 * case-insensitively (an approximation of the default {@code _ci} collations, without accent folding);
 * dates with strings in MySQL's text form.
 */
final class HavingPredicate implements RowPredicate {

    /** A node of the condition. */
    sealed interface Node permits And, Or, Not, Compare, IsNull, Between {
        /** TRUE, FALSE or null for unknown. */
        Boolean eval(Row row);

        Node bind(List<Literal> literals);
    }

    /** A value in a condition: a merged-row column, a statement literal, or a constant. */
    sealed interface Operand permits ColumnOperand, LiteralOperand, Constant {
        Object value(Row row);

        Operand bind(List<Literal> literals);
    }

    record ColumnOperand(int column, String label) implements Operand {
        @Override
        public Object value(Row row) {
            return row.get(column);
        }

        @Override
        public Operand bind(List<Literal> literals) {
            return this;
        }

        @Override
        public String toString() {
            return label + "#" + column;
        }
    }

    record LiteralOperand(ValueRef ref) implements Operand {
        @Override
        public Object value(Row row) {
            throw new IllegalStateException("unbound literal");
        }

        @Override
        public Operand bind(List<Literal> literals) {
            return new Constant(ref.value(literals), ref.text(literals));
        }
    }

    record Constant(Object constant, String text) implements Operand {
        @Override
        public Object value(Row row) {
            return constant;
        }

        @Override
        public Operand bind(List<Literal> literals) {
            return this;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    record And(Node left, Node right) implements Node {
        @Override
        public Boolean eval(Row row) {
            Boolean l = left.eval(row);
            if (Boolean.FALSE.equals(l)) {
                return false;
            }
            Boolean r = right.eval(row);
            if (Boolean.FALSE.equals(r)) {
                return false;
            }
            return l == null || r == null ? null : true;
        }

        @Override
        public Node bind(List<Literal> literals) {
            return new And(left.bind(literals), right.bind(literals));
        }

        @Override
        public String toString() {
            return "(" + left + " AND " + right + ")";
        }
    }

    record Or(Node left, Node right) implements Node {
        @Override
        public Boolean eval(Row row) {
            Boolean l = left.eval(row);
            if (Boolean.TRUE.equals(l)) {
                return true;
            }
            Boolean r = right.eval(row);
            if (Boolean.TRUE.equals(r)) {
                return true;
            }
            return l == null || r == null ? null : false;
        }

        @Override
        public Node bind(List<Literal> literals) {
            return new Or(left.bind(literals), right.bind(literals));
        }

        @Override
        public String toString() {
            return "(" + left + " OR " + right + ")";
        }
    }

    record Not(Node inner) implements Node {
        @Override
        public Boolean eval(Row row) {
            Boolean v = inner.eval(row);
            return v == null ? null : !v;
        }

        @Override
        public Node bind(List<Literal> literals) {
            return new Not(inner.bind(literals));
        }

        @Override
        public String toString() {
            return "NOT " + inner;
        }
    }

    /** {@code op} is one of = != < <= > >= <=>. */
    record Compare(String op, Operand left, Operand right) implements Node {
        @Override
        public Boolean eval(Row row) {
            Object l = left.value(row);
            Object r = right.value(row);
            if (op.equals("<=>")) {
                return l == null || r == null ? l == r : compare(l, r) == 0;
            }
            if (l == null || r == null) {
                return null;
            }
            int c = compare(l, r);
            return switch (op) {
                case "=" -> c == 0;
                case "!=", "<>" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> throw new IllegalStateException(op);
            };
        }

        @Override
        public Node bind(List<Literal> literals) {
            return new Compare(op, left.bind(literals), right.bind(literals));
        }

        @Override
        public String toString() {
            return left + " " + op + " " + right;
        }
    }

    record IsNull(Operand operand, boolean not) implements Node {
        @Override
        public Boolean eval(Row row) {
            return (operand.value(row) == null) != not;
        }

        @Override
        public Node bind(List<Literal> literals) {
            return new IsNull(operand.bind(literals), not);
        }

        @Override
        public String toString() {
            return operand + (not ? " IS NOT NULL" : " IS NULL");
        }
    }

    record Between(Operand operand, Operand low, Operand high, boolean not) implements Node {
        @Override
        public Boolean eval(Row row) {
            Boolean in = new And(new Compare(">=", operand, low), new Compare("<=", operand, high)).eval(row);
            return in == null ? null : in != not;
        }

        @Override
        public Node bind(List<Literal> literals) {
            return new Between(operand.bind(literals), low.bind(literals), high.bind(literals), not);
        }

        @Override
        public String toString() {
            return operand + (not ? " NOT BETWEEN " : " BETWEEN ") + low + " AND " + high;
        }
    }

    private final Node root;

    HavingPredicate(Node root) {
        this.root = root;
    }

    @Override
    public boolean test(Row row) {
        return Boolean.TRUE.equals(root.eval(row));
    }

    @Override
    public String toString() {
        return root.toString();
    }

    private static final DateTimeFormatter MYSQL_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** MySQL-like comparison of two non-null values. */
    static int compare(Object a, Object b) {
        if (isNumber(a) || isNumber(b)) {
            return number(a).compareTo(number(b));
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.compareUnsigned(x, y);
        }
        if (a instanceof Temporal || b instanceof Temporal) {
            return text(a).compareTo(text(b));
        }
        return text(a).compareToIgnoreCase(text(b));
    }

    private static boolean isNumber(Object o) {
        return o instanceof Number;
    }

    private static BigDecimal number(Object o) {
        return switch (o) {
            case Long l -> BigDecimal.valueOf(l);
            case Integer i -> BigDecimal.valueOf(i);
            case BigInteger b -> new BigDecimal(b);
            case BigDecimal d -> d;
            case Double d -> BigDecimal.valueOf(d);
            case Float f -> BigDecimal.valueOf(f.doubleValue());
            case Number n -> new BigDecimal(n.toString());
            default -> leadingNumber(text(o));
        };
    }

    /** MySQL converts a string to its leading number, 0 when it has none. */
    private static BigDecimal leadingNumber(String s) {
        String t = s.strip();
        int end = 0;
        while (end < t.length() && (Character.isDigit(t.charAt(end)) || "+-.eE".indexOf(t.charAt(end)) >= 0)) {
            end++;
        }
        while (end > 0) {
            try {
                return new BigDecimal(t.substring(0, end));
            } catch (NumberFormatException e) {
                end--;
            }
        }
        return BigDecimal.ZERO;
    }

    private static String text(Object o) {
        return switch (o) {
            case byte[] bytes -> new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            case LocalDateTime t -> MYSQL_DATETIME.format(t);
            default -> o.toString();
        };
    }
}
