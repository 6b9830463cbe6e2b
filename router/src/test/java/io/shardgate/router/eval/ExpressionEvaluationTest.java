package io.shardgate.router.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Row;
import io.shardgate.router.merge.RowStreamException;
import io.shardgate.router.sql.Literal;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import org.junit.jupiter.api.Test;

/**
 * The evaluator against results MariaDB 10.11 gives for the same expressions (each expected value was
 * read from the server). Row: a BIGINT 5, u BIGINT UNSIGNED 3, d DECIMAL(10,2) 2.50, f DOUBLE 1.5,
 * s VARCHAR utf8mb4_general_ci 'abc', n BIGINT NULL, t VARCHAR utf8mb4_unicode_ci 'x'.
 */
class ExpressionEvaluationTest {

    private static final List<String> NAMES = List.of("a", "u", "d", "f", "s", "n", "t");
    private static final List<ColumnMeta> COLUMNS = List.of(
            new ColumnMeta("a", 8, 0, 0, 63),
            new ColumnMeta("u", 8, ColumnMeta.FLAG_UNSIGNED, 0, 63),
            new ColumnMeta("d", 246, 0, 2, 63),
            new ColumnMeta("f", 5, 0, 31, 63),
            new ColumnMeta("s", 253, 0, 0, 45),
            new ColumnMeta("n", 8, 0, 0, 63),
            new ColumnMeta("t", 253, 0, 0, 224));
    private static final Row ROW = new Row(new Object[] {5L, 3L, new BigDecimal("2.50"), 1.5, "abc", null, "x"});

    /** Literals become statement slots, as the normalizer makes them; names become columns. */
    private static Evaluator open(String sql) {
        List<Literal> literals = new ArrayList<>();
        Expression parsed;
        try {
            parsed = CCJSqlParserUtil.parseExpression(sql);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Expr expr = ExpressionCompiler.compile(parsed, new ExpressionCompiler.Layout() {
            @Override
            public Expr leaf(Expression e) {
                Object value = switch (e) {
                    case LongValue l -> l.getBigIntegerValue().bitLength() < 64 ? (Object) l.getValue() : l.getBigIntegerValue();
                    case DoubleValue d -> d.toString().matches(".*[eE].*") ? (Object) d.getValue() : new BigDecimal(d.toString());
                    case StringValue s -> s.getValue();
                    default -> null;
                };
                if (value != null) {
                    literals.add(new Literal(Literal.Kind.NUMBER, value, e.toString()));
                    return new Expr.Slot(literals.size() - 1, false);
                }
                if (e instanceof Column c) {
                    int i = NAMES.indexOf(c.getColumnName());
                    if (i < 0) {
                        throw new NotEvaluable(c.getColumnName());
                    }
                    return new Expr.ColumnRef(i, c.getColumnName());
                }
                return null;
            }

            @Override
            public String text(Expression e) {
                return e.toString();
            }
        });
        return new BoundExpr(expr, literals).open(COLUMNS);
    }

    private static Object eval(String sql) {
        return open(sql).evaluate(ROW);
    }

    /** The value as the server shows it: a decimal at its type's scale. */
    private static String shown(String sql) {
        Evaluator e = open(sql);
        Object v = e.evaluate(ROW);
        return v instanceof BigDecimal d ? Conversions.shown(d, e.type().scale()).toPlainString() : String.valueOf(v);
    }

    @Test
    void divisionShowsDividendScalePlusFour() {
        assertThat(shown("5 / 2.00")).isEqualTo("2.5000");
        assertThat(shown("2 / 3")).isEqualTo("0.6667");
        assertThat(shown("d / 7")).isEqualTo("0.357143");
    }

    @Test
    void divisionKeepsWholeDecimalWordsTruncated() {
        // SELECT 1/3*3 -> 1.0000, FLOOR(1/3*3) -> 0, FLOOR(2/3*3) -> 1
        assertThat(shown("1 / 3 * 3")).isEqualTo("1.0000");
        assertThat(eval("FLOOR(1 / 3 * 3)")).isEqualTo(BigDecimal.ZERO);
        assertThat(eval("FLOOR(2 / 3 * 3)")).isEqualTo(BigDecimal.ONE);
        // 2/3*1000000000000 -> 666666666000.0000; (1/3)/7*10^18 -> 47619047571428571.00000000
        assertThat(shown("2 / 3 * 1000000000000")).isEqualTo("666666666000.0000");
        assertThat(shown("(1 / 3) / 7 * 1000000000000000000")).isEqualTo("47619047571428571.00000000");
        // 1.000000/3 keeps 18 digits (6 + 4 rounds up to two words), 1.00000/3 keeps 9
        assertThat(shown("1.000000 / 3 * 1000000000000000000")).isEqualTo("333333333333333333.0000000000");
        assertThat(shown("1.00000 / 3 * 1000000000000000000")).isEqualTo("333333333000000000.000000000");
        assertThat(shown("(1 / 3) * (1 / 3)")).isEqualTo("0.11111111");
    }

    @Test
    void divisionByZeroIsNull() {
        assertThat(eval("a / 0")).isNull();
        assertThat(eval("a DIV 0")).isNull();
        assertThat(eval("a % 0")).isNull();
        assertThat(eval("f / 0")).isNull();
    }

    @Test
    void comparisonsSeeDecimalsAsShown() {
        assertThat(eval("2 / 3 = 0.6667")).isEqualTo(1L);
        assertThat(eval("1 / 3 > 0.33333")).isEqualTo(0L);
        assertThat(eval("1 / 3 = 0.333333333")).isEqualTo(0L);
        assertThat(eval("1 / 3 < 0.33334")).isEqualTo(1L);
    }

    @Test
    void exactDecimalArithmetic() {
        assertThat(shown("1.10 + 2.1")).isEqualTo("3.20");
        assertThat(shown("1.5 * 2.25")).isEqualTo("3.375");
        assertThat(shown("d * 2")).isEqualTo("5.00");
        assertThat(shown("7.5 % 2")).isEqualTo("1.5");
        assertThat(shown("-7.5 % 2")).isEqualTo("-1.5");
        assertThat(eval("7 DIV 2.5")).isEqualTo(2L);
        assertThat(eval("-7 DIV 2")).isEqualTo(-3L);
        assertThat(eval("-7 % 3")).isEqualTo(-1L);
    }

    @Test
    void integerOverflowFailsWith1690() {
        assertThatThrownBy(() -> eval("9223372036854775807 + 1")).isInstanceOfSatisfying(RowStreamException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(1690);
            assertThat(e.sqlState()).isEqualTo("22003");
            assertThat(e.getMessage()).startsWith("BIGINT value is out of range in '");
        });
        assertThat(eval("9223372036854775807 + 0")).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> eval("-a * 9223372036854775807")).isInstanceOf(RowStreamException.class);
    }

    @Test
    void unsignedResultsMayNotGoNegative() {
        // CAST(10 AS UNSIGNED) - 3 -> 7; CAST(3 AS UNSIGNED) + -2 -> 1; CAST(3 AS UNSIGNED) + -5 -> 1690
        assertThat(eval("u - 2")).isEqualTo(BigInteger.ONE);
        assertThat(eval("u + -2")).isEqualTo(BigInteger.ONE);
        assertThatThrownBy(() -> eval("u - 5")).isInstanceOfSatisfying(RowStreamException.class,
                e -> assertThat(e.getMessage()).startsWith("BIGINT UNSIGNED value is out of range"));
        assertThat(eval("u > -1")).isEqualTo(1L);
    }

    @Test
    void doublesAndStringsInNumericContext() {
        assertThat(eval("f * 2")).isEqualTo(3.0);
        assertThat(eval("10 = '10abc'")).isEqualTo(1L);
        assertThat(eval("'x' = 0")).isEqualTo(1L);
        assertThat(eval("1.0 = '1'")).isEqualTo(1L);
        assertThat(eval("s + 1")).isEqualTo(1.0);
        assertThat(eval("' 12.5e1x' + 0")).isEqualTo(125.0);
    }

    @Test
    void threeValuedLogic() {
        assertThat(eval("1 AND NULL")).isNull();
        assertThat(eval("0 AND NULL")).isEqualTo(0L);
        assertThat(eval("1 OR NULL")).isEqualTo(1L);
        assertThat(eval("NOT NULL")).isNull();
        assertThat(eval("1 XOR 0")).isEqualTo(1L);
        assertThat(eval("n = 1 OR a = 5")).isEqualTo(1L);
        assertThat(eval("n IS NULL")).isEqualTo(1L);
        assertThat(eval("n <=> NULL")).isEqualTo(1L);
        assertThat(eval("a IS TRUE")).isEqualTo(1L);
        assertThat(eval("n IS NOT FALSE")).isEqualTo(1L);
    }

    @Test
    void inAndBetween() {
        assertThat(eval("2 IN (1, NULL)")).isNull();
        assertThat(eval("2 IN (2, NULL)")).isEqualTo(1L);
        assertThat(eval("3 NOT IN (1, NULL)")).isNull();
        assertThat(eval("a IN (1, 5)")).isEqualTo(1L);
        assertThat(eval("2 BETWEEN 1 AND 3")).isEqualTo(1L);
        assertThat(eval("d NOT BETWEEN 2.5 AND 3")).isEqualTo(0L);
    }

    @Test
    void stringsCompareUnderTheColumnsCollation() {
        assertThat(eval("s = 'ABC'")).isEqualTo(1L);
        assertThat(eval("s < 'B'")).isEqualTo(1L);
        assertThat(eval("s = 'abc   '")).isEqualTo(1L);
        assertThat(eval("s LIKE 'A%'")).isEqualTo(1L);
        assertThat(eval("s LIKE '_B_'")).isEqualTo(1L);
        assertThat(eval("s LIKE 'ab'")).isEqualTo(0L);
        assertThat(eval("s NOT LIKE '%c'")).isEqualTo(0L);
        assertThat(eval("s LIKE 'a|%' ESCAPE '|'")).isEqualTo(0L);
    }

    @Test
    void whatIsNotExactIsNotEvaluable() {
        // two literals: the connection's collation decides, which the proxy does not know
        assertThatThrownBy(() -> eval("'abc' = 'ABC'")).isInstanceOfSatisfying(RowStreamException.class,
                e -> assertThat(e.errorCode()).isEqualTo(1235));
        // utf8mb4_unicode_ci is only approximated by the merge
        assertThatThrownBy(() -> eval("t = 'X'")).isInstanceOf(RowStreamException.class);
        assertThatThrownBy(() -> eval("LEFT(s, 1)")).isInstanceOf(NotEvaluable.class);
        assertThatThrownBy(() -> eval("ROUND(d, a)")).isInstanceOf(NotEvaluable.class);
        assertThatThrownBy(() -> eval("IF(a, 1, 'x')")).isInstanceOf(RowStreamException.class);
    }

    @Test
    void roundingFunctions() {
        assertThat(shown("ROUND(1.5, 3)")).isEqualTo("1.500");
        assertThat(shown("ROUND(2.5)")).isEqualTo("3");
        assertThat(shown("ROUND(-2.5)")).isEqualTo("-3");
        assertThat(eval("ROUND(2.5e0)")).isEqualTo(2.0);
        assertThat(eval("ROUND(3.5e0)")).isEqualTo(4.0);
        assertThat(eval("ROUND(125, -1)")).isEqualTo(130L);
        assertThat(eval("ROUND(-125, -1)")).isEqualTo(-130L);
        assertThat(shown("ROUND(2 / 3, 4)")).isEqualTo("0.6667");
        assertThat(shown("TRUNCATE(2 / 3, 4)")).isEqualTo("0.6666");
        assertThat(shown("FLOOR(2.7)")).isEqualTo("2");
        assertThat(shown("CEIL(-2.7)")).isEqualTo("-2");
        assertThat(shown("ABS(-1.50)")).isEqualTo("1.50");
        assertThat(eval("ABS(-a)")).isEqualTo(5L);
        assertThat(eval("SIGN(-d)")).isEqualTo(-1L);
    }

    @Test
    void conditionalsTakeTheBranchesAggregateType() {
        assertThat(shown("IF(1, 2, 2.50)")).isEqualTo("2.00");
        assertThat(shown("COALESCE(NULL, 3, 1.5)")).isEqualTo("3.0");
        assertThat(eval("IFNULL(n, a)")).isEqualTo(5L);
        assertThat(eval("NULLIF(1, 1.0)")).isNull();
        assertThat(eval("NULLIF(a, 4)")).isEqualTo(5L);
        assertThat(eval("CASE WHEN a > 3 THEN 'big' ELSE 'small' END")).isEqualTo("big");
        assertThat(eval("CASE a WHEN 4 THEN 'four' WHEN 5 THEN 'five' END")).isEqualTo("five");
        assertThat(eval("CASE a WHEN 4 THEN 'four' END")).isNull();
        assertThat(eval("IF(f > 1, f, a)")).isEqualTo(1.5);
    }

    // MariaDB 10.11, utf8mb4: CONCAT(s, 2.50) -> 'été2.50', CONCAT(s, 1.5, NULL) -> NULL,
    // CONCAT_WS('-', NULL, 'a', NULL, 2) -> 'a-2', UPPER('ß été ǆ ﬀ') -> 'ß ÉTÉ Ǆ ﬀ', LOWER('ÉTÉ İ') -> 'été i',
    // LENGTH('été') -> 5, CHAR_LENGTH('été') -> 3

    @Test
    void concatWritesExactNumbersAsShownAndIsNullWithANullArgument() {
        assertThat(eval("CONCAT(s, a, d, u)")).isEqualTo("abc52.503");
        assertThat(eval("CONCAT(s, d / 3)")).isEqualTo("abc0.833333");
        assertThat(eval("CONCAT(s, n)")).isNull();
        assertThat(open("CONCAT(s, a)").type().column()).isEqualTo(COLUMNS.get(4));
    }

    @Test
    void concatWsSkipsNullArgumentsAndIsNullForANullSeparator() {
        assertThat(eval("CONCAT_WS('-', n, s, n, a)")).isEqualTo("abc-5");
        assertThat(eval("CONCAT_WS(n, s, a)")).isNull();
        assertThat(eval("CONCAT_WS(',', n)")).isEqualTo("");
    }

    @Test
    void upperAndLowerMapEachCharacterAsMariaDbDoes() {
        assertThat(eval("UPPER(CONCAT(s, ' ß été ǆ ﬀ'))")).isEqualTo("ABC ß ÉTÉ Ǆ ﬀ");
        assertThat(eval("LCASE(CONCAT(s, 'ÉTÉ İ'))")).isEqualTo("abcété i");
        assertThat(eval("UCASE(n)")).isNull();
    }

    @Test
    void lengthCountsBytesOfTheCharacterSetAndCharLengthCharacters() {
        assertThat(eval("LENGTH(CONCAT(s, 'été'))")).isEqualTo(8L);
        assertThat(eval("CHAR_LENGTH(CONCAT(s, 'été'))")).isEqualTo(6L);
        assertThat(eval("OCTET_LENGTH(d)")).isEqualTo(4L);
        assertThat(eval("CHARACTER_LENGTH(n)")).isNull();
    }

    @Test
    void stringFunctionsRefuseWhatTheyCannotWriteExactly() {
        // refused when opened over the columns, as 1235 naming what
        assertThatThrownBy(() -> open("CONCAT(s, f)")).hasMessageContaining("CONCAT of a DOUBLE value");
        assertThatThrownBy(() -> open("CONCAT(s, t)")).hasMessageContaining("strings of different collations");
        assertThatThrownBy(() -> open("LENGTH('x')")).hasMessageContaining("LENGTH of a string of no column");
    }
}
