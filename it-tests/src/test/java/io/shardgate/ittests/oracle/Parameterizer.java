package io.shardgate.ittests.oracle;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a corpus query into a prepared statement: the literals of its WHERE, HAVING and LIMIT clauses become
 * {@code ?} and their values the parameters, as an application would write it. Literals elsewhere stay:
 * {@code ORDER BY 2} is a position and {@code ORDER BY ?} a constant, select-list literals decide column
 * types, and a {@code SEPARATOR} must be a literal. Strings after {@code DATE}/{@code TIME}/{@code TIMESTAMP}
 * and after a charset introducer stay literal too, since {@code DATE ?} is not SQL. A negative number is
 * bound as one negative value ({@code k < -5} becomes {@code k < ?} with -5), as an application binds it.
 */
final class Parameterizer {

    /** The statement text with placeholders and the values to bind, in order. */
    record Parameterized(String sql, List<Object> values) {
        Parameterized {
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    private static final Set<String> CLAUSES = Set.of("SELECT", "FROM", "WHERE", "GROUP", "HAVING", "ORDER",
            "LIMIT", "JOIN", "ON", "WINDOW");
    private static final Set<String> BOUND_CLAUSES = Set.of("WHERE", "HAVING", "LIMIT");
    private static final Set<String> TYPED_LITERAL = Set.of("DATE", "TIME", "TIMESTAMP");
    /** Words after which a {@code -} is a sign, not a subtraction. */
    private static final Set<String> OPERAND_BEFORE = Set.of("AND", "OR", "NOT", "XOR", "BETWEEN", "IN", "IS", "LIKE",
            "WHERE", "HAVING", "LIMIT", "OFFSET", "SELECT", "WHEN", "THEN", "ELSE", "ON", "BY", "DIV", "MOD", "CASE",
            "REGEXP");

    private Parameterizer() {
    }

    static Parameterized parameterize(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<Object> values = new ArrayList<>();
        String clause = "";
        String previousWord = "";
        boolean operandExpected = true; // false right after a value: a '-' there subtracts
        int depth = 0;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            boolean bind = BOUND_CLAUSES.contains(clause);
            if (c == '\'' || c == '"') {
                int end = stringEnd(sql, i);
                boolean introduced = i > 0 && isWordChar(sql.charAt(i - 1)); // _utf8mb4'x', X'0F'
                if (bind && !introduced && !TYPED_LITERAL.contains(previousWord)) {
                    out.append('?');
                    values.add(unquote(sql.substring(i, end)));
                } else {
                    out.append(sql, i, end);
                }
                previousWord = "";
                operandExpected = false;
                i = end;
            } else if (c == '`') {
                int end = sql.indexOf('`', i + 1) + 1;
                out.append(sql, i, end);
                previousWord = "";
                operandExpected = false;
                i = end;
            } else if (bind && c == '-' && operandExpected && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))) {
                int end = numberEnd(sql, i + 1);
                out.append('?');
                values.add(negate(numberValue(sql.substring(i + 1, end))));
                previousWord = "";
                operandExpected = false;
                i = end;
            } else if (Character.isDigit(c) && (i == 0 || !isWordChar(sql.charAt(i - 1)))
                    && !(c == '0' && i + 1 < sql.length() && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'b'))) {
                int end = numberEnd(sql, i);
                String number = sql.substring(i, end);
                if (bind) {
                    out.append('?');
                    values.add(numberValue(number));
                } else {
                    out.append(number);
                }
                previousWord = "";
                operandExpected = false;
                i = end;
            } else if (isWordChar(c)) {
                int end = i;
                while (end < sql.length() && isWordChar(sql.charAt(end))) {
                    end++;
                }
                String word = sql.substring(i, end).toUpperCase(Locale.ROOT);
                if (depth == 0 && CLAUSES.contains(word)) {
                    clause = word;
                }
                previousWord = word;
                operandExpected = OPERAND_BEFORE.contains(word);
                out.append(sql, i, end);
                i = end;
            } else {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                if (!Character.isWhitespace(c)) {
                    previousWord = "";
                    operandExpected = c != ')';
                }
                out.append(c);
                i++;
            }
        }
        return new Parameterized(out.toString(), values);
    }

    private static int stringEnd(String sql, int start) {
        char quote = sql.charAt(start);
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated string in " + sql);
    }

    /** The value of a quoted literal: doubled quotes and backslash escapes undone. */
    static String unquote(String literal) {
        char quote = literal.charAt(0);
        StringBuilder s = new StringBuilder();
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            if (c == '\\' && i + 1 < literal.length() - 1) {
                char e = literal.charAt(++i);
                s.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    case '%', '_' -> { // MySQL keeps these two escapes for LIKE
                        s.append('\\');
                        yield e;
                    }
                    default -> e; // \\, \', \" and MySQL's "any other character stands for itself"
                });
            } else if (c == quote) {
                s.append(c);
                i++; // the second of a doubled quote
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    private static int numberEnd(String sql, int start) {
        int i = start;
        while (i < sql.length() && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
            i++;
        }
        if (i < sql.length() && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < sql.length() && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                j++;
            }
            if (j < sql.length() && Character.isDigit(sql.charAt(j))) {
                i = j;
                while (i < sql.length() && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }

    private static Object numberValue(String number) {
        if (number.contains("e") || number.contains("E")) {
            return Double.parseDouble(number);
        }
        if (number.indexOf('.') < 0) {
            java.math.BigInteger integer = new java.math.BigInteger(number);
            return integer.bitLength() < 64 ? (Object) integer.longValue() : new BigDecimal(integer);
        }
        return new BigDecimal(number);
    }

    private static Object negate(Object number) {
        return switch (number) {
            case Long l -> -l;
            case Double d -> -d;
            case BigDecimal d -> narrow(d.negate());
            default -> throw new IllegalStateException(String.valueOf(number));
        };
    }

    /** -9223372036854775808 arrives as the BigDecimal 9223372036854775808 negated: a long again. */
    private static Object narrow(BigDecimal d) {
        return d.scale() <= 0 && d.toBigInteger().bitLength() < 64 ? (Object) d.longValueExact() : d;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
