package io.shardgate.router.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizerTest {

    private static NormalizedSql norm(String sql) {
        return Normalizer.normalize(sql);
    }

    private static List<Object> values(String sql) {
        return norm(sql).literals().stream().map(Literal::value).toList();
    }

    private static byte[] bytes(Literal literal) {
        return (byte[]) literal.value();
    }

    private static List<String> texts(String sql) {
        return norm(sql).literals().stream().map(Literal::text).toList();
    }

    @Test
    void replacesLiteralsAndKeepsTheRest() {
        NormalizedSql n = norm("SELECT id, name FROM orders WHERE user_id = 42 AND status = 'paid'");
        assertThat(n.shape()).isEqualTo("SELECT id, name FROM orders WHERE user_id = ? AND status = ?");
        assertThat(values("SELECT id, name FROM orders WHERE user_id = 42 AND status = 'paid'"))
                .containsExactly(42L, "paid");
        assertThat(n.hints()).isEqualTo(Hints.NONE);
    }

    @Test
    void keywordsAndIdentifiersKeepTheirCase() {
        assertThat(norm("select Id from `Orders` Where K=1").shape()).isEqualTo("select Id from `Orders` Where K=?");
    }

    @Test
    void collapsesWhitespaceAndDropsTrailingSemicolon() {
        assertThat(norm("  SELECT\n\t*   FROM t\r\n WHERE a = 1 ;  ").shape()).isEqualTo("SELECT * FROM t WHERE a = ?");
    }

    @Test
    void sameShapeForDifferentValues() {
        assertThat(norm("SELECT * FROM t WHERE k = 1").shape()).isEqualTo(norm("SELECT * FROM t WHERE k = 99999").shape());
        assertThat(norm("SELECT * FROM t WHERE k = 'a'").shape()).isEqualTo(norm("SELECT * FROM t WHERE k = 9").shape());
    }

    @Test
    void quotesAndEscapes() {
        String sql = "SELECT 'it''s', 'a\\'b', \"dq \"\" x\", 'tab\\tnl\\n', 'pct\\%', 'back\\\\slash'";
        assertThat(norm(sql).shape()).isEqualTo("SELECT ?, ?, ?, ?, ?, ?");
        assertThat(values(sql)).containsExactly("it's", "a'b", "dq \" x", "tab\tnl\n", "pct\\%", "back\\slash");
        assertThat(texts(sql)).containsExactly("'it''s'", "'a\\'b'", "\"dq \"\" x\"", "'tab\\tnl\\n'", "'pct\\%'",
                "'back\\\\slash'");
    }

    @Test
    void commentMarkersInsideStringsAreText() {
        String sql = "SELECT '-- no', '/* no */', '#no' FROM t";
        assertThat(norm(sql).shape()).isEqualTo("SELECT ?, ?, ? FROM t");
        assertThat(values(sql)).containsExactly("-- no", "/* no */", "#no");
    }

    @Test
    void backtickIdentifiersAreCopied() {
        String sql = "SELECT `a``b`, `it's` FROM `my table` WHERE `k` = 'v'";
        assertThat(norm(sql).shape()).isEqualTo("SELECT `a``b`, `it's` FROM `my table` WHERE `k` = ?");
        assertThat(values(sql)).containsExactly("v");
    }

    @Test
    void removesComments() {
        assertThat(norm("SELECT /* c1 */ a -- line\nFROM t # hash\nWHERE b = 1").shape())
                .isEqualTo("SELECT a FROM t WHERE b = ?");
        assertThat(norm("SELECT a/**/FROM t").shape()).isEqualTo("SELECT a FROM t");
        // "--" without a following space is two minus signs
        assertThat(norm("SELECT a--1 FROM t").shape()).isEqualTo("SELECT a-? FROM t");
        assertThat(values("SELECT a--1 FROM t")).containsExactly(-1L);
    }

    @Test
    void executableCommentsKeepTheirContent() {
        assertThat(norm("/*!40101 SET NAMES utf8mb4 */").shape()).isEqualTo("SET NAMES utf8mb4");
        assertThat(norm("SELECT /*! STRAIGHT_JOIN */ a FROM t").shape()).isEqualTo("SELECT STRAIGHT_JOIN a FROM t");
        assertThat(norm("SELECT /*M!100100 1, */ 2").shape()).isEqualTo("SELECT ?, ?");
    }

    @Test
    void optimizerHintsStayInTheShape() {
        assertThat(norm("SELECT /*+ MAX_EXECUTION_TIME(1000) */ a FROM t").shape())
                .isEqualTo("SELECT /*+ MAX_EXECUTION_TIME(1000) */ a FROM t");
    }

    @Test
    void numbers() {
        String sql = "SELECT 1, 12.50, .5, 1e3, 2.5E-2, 123456789012345678901234567890, 9223372036854775807";
        assertThat(norm(sql).shape()).isEqualTo("SELECT ?, ?, ?, ?, ?, ?, ?");
        assertThat(values(sql)).containsExactly(1L, new BigDecimal("12.50"), new BigDecimal(".5"), 1000.0, 0.025,
                new BigInteger("123456789012345678901234567890"), Long.MAX_VALUE);
        assertThat(texts(sql)).contains("12.50", ".5", "1e3");
    }

    @Test
    void negativeNumbersAfterOperators() {
        String sql = "SELECT * FROM t WHERE a = -5 AND b IN (-1, -2.5) AND c > a - 1 AND d = x-1";
        assertThat(norm(sql).shape()).isEqualTo("SELECT * FROM t WHERE a = ? AND b IN (?, ?) AND c > a - ? AND d = x-?");
        assertThat(values(sql)).containsExactly(-5L, -1L, new BigDecimal("-2.5"), 1L, 1L);
        // after a keyword the minus stays an operator: the planner negates -?
        assertThat(norm("SELECT -5").shape()).isEqualTo("SELECT -?");
        assertThat(norm("SELECT * FROM t WHERE k=-9223372036854775808").literals().getFirst().value())
                .isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void hexAndBitLiterals() {
        String sql = "SELECT x'0aFF', X'01', 0x1f, b'101', 0b1, B'100000000'";
        assertThat(norm(sql).shape()).isEqualTo("SELECT ?, ?, ?, ?, ?, ?");
        List<Literal> lits = norm(sql).literals();
        assertThat(bytes(lits.get(0))).containsExactly(0x0a, 0xff);
        assertThat(bytes(lits.get(2))).containsExactly(0x1f);
        assertThat(bytes(lits.get(3))).containsExactly(5);
        assertThat(bytes(lits.get(5))).containsExactly(1, 0);
        assertThat(texts(sql)).containsExactly("x'0aFF'", "X'01'", "0x1f", "b'101'", "0b1", "B'100000000'");
        assertThat(lits).allMatch(l -> l.kind() == Literal.Kind.BINARY);
    }

    @Test
    void identifiersThatStartWithDigitsOrLookLikeHex() {
        assertThat(norm("SELECT 1abc, 0xZZ, t1.c2 FROM t1").shape()).isEqualTo("SELECT 1abc, 0xZZ, t1.c2 FROM t1");
        assertThat(norm("SELECT t.5col FROM t").shape()).isEqualTo("SELECT t.5col FROM t");
    }

    @Test
    void introducersAndPrefixesBelongToTheLiteral() {
        String sql = "SELECT * FROM t WHERE a = _utf8mb4'x' COLLATE utf8mb4_bin AND b = N'y' AND c = _binary 'z'"
                + " AND d > DATE '2024-01-31' AND e = TIMESTAMP'2024-01-01 10:00:00'";
        assertThat(norm(sql).shape())
                .isEqualTo("SELECT * FROM t WHERE a = ? COLLATE utf8mb4_bin AND b = ? AND c = ? AND d > ? AND e = ?");
        assertThat(texts(sql)).containsExactly("_utf8mb4'x'", "N'y'", "_binary 'z'", "DATE '2024-01-31'",
                "TIMESTAMP'2024-01-01 10:00:00'");
        assertThat(values(sql)).containsExactly("x", "y", "z", "2024-01-31", "2024-01-01 10:00:00");
    }

    @Test
    void adjacentStringsConcatenate() {
        String sql = "SELECT 'a' 'b'  \"c\" FROM t";
        assertThat(norm(sql).shape()).isEqualTo("SELECT ? FROM t");
        assertThat(values(sql)).containsExactly("abc");
        assertThat(texts(sql)).containsExactly("'a' 'b'  \"c\"");
    }

    @Test
    void meaningfulNumbersStayInTheShape() {
        assertThat(norm("SELECT a, b FROM t GROUP BY 1, 2 ORDER BY 2 DESC, a LIMIT 10").shape())
                .isEqualTo("SELECT a, b FROM t GROUP BY 1, 2 ORDER BY 2 DESC, a LIMIT ?");
        assertThat(norm("SELECT CAST(a AS DECIMAL(10, 2)), LEFT(b, 3) FROM t").shape())
                .isEqualTo("SELECT CAST(a AS DECIMAL(10, 2)), LEFT(b, ?) FROM t");
        assertThat(norm("CREATE TABLE t (a VARCHAR(64) DEFAULT 'x', b INT(11))").shape())
                .isEqualTo("CREATE TABLE t (a VARCHAR(64) DEFAULT ?, b INT(11))");
        assertThat(norm("SELECT GROUP_CONCAT(a SEPARATOR ';') FROM t").shape())
                .isEqualTo("SELECT GROUP_CONCAT(a SEPARATOR ';') FROM t");
        // expressions in ORDER BY are data again
        assertThat(norm("SELECT a FROM t ORDER BY FIELD(a, 3, 1), a + 1").shape())
                .isEqualTo("SELECT a FROM t ORDER BY FIELD(a, ?, ?), a + ?");
        // after the list ends numbers are values
        assertThat(norm("SELECT a FROM t ORDER BY 1 LIMIT 5, 10").shape()).isEqualTo("SELECT a FROM t ORDER BY 1 LIMIT ?, ?");
    }

    @Test
    void clientPlaceholdersAreParameterSlots() {
        NormalizedSql n = norm("SELECT * FROM t WHERE a = ? AND b = 'x' AND c IN (?, 3)");
        assertThat(n.shape()).isEqualTo("SELECT * FROM t WHERE a = ? AND b = ? AND c IN (?, ?)");
        assertThat(n.literals()).extracting(Literal::isParameter).containsExactly(true, false, true, false);
        assertThat(n.parameterCount()).isEqualTo(2);
    }

    @Test
    void userVariablesAreWords() {
        assertThat(norm("SELECT @a, @@session.sql_mode, @'q v' FROM t WHERE x = @b").shape())
                .isEqualTo("SELECT @a, @@session.sql_mode, @'q v' FROM t WHERE x = @b");
    }

    @Test
    void hints() {
        assertThat(norm("/*+ shardgate node=ds1 */ SELECT 1").hints()).isEqualTo(new Hints("ds1", false, null));
        assertThat(norm("/*+ shardgate node=ds1 */ SELECT 1").shape()).isEqualTo("SELECT ?");
        assertThat(norm("/*master*/ SELECT * FROM t").hints()).isEqualTo(new Hints(null, true, null));
        assertThat(norm("/* master */SELECT * FROM t").hints().primary()).isTrue();
        assertThat(norm("/*+ shardgate primary */ SELECT * FROM t").hints()).isEqualTo(new Hints(null, true, null));
        assertThat(norm("/*+ SHARDGATE node=ds2 primary */ SELECT 1").hints()).isEqualTo(new Hints("ds2", true, null));
        assertThat(norm("/*+ shardgate nod=ds1 */ SELECT 1").hints().error()).contains("nod=ds1");
        assertThat(norm("SELECT '/*master*/'").hints()).isEqualTo(Hints.NONE);
        assertThat(norm("/* just a comment */ SELECT 1").hints()).isEqualTo(Hints.NONE);
    }

    @Test
    void unterminatedInputDoesNotThrow() {
        assertThat(norm("SELECT 'abc").shape()).isEqualTo("SELECT ?");
        assertThat(norm("SELECT `abc").shape()).isEqualTo("SELECT `abc");
        assertThat(norm("SELECT 1 /* open").shape()).isEqualTo("SELECT ?");
        assertThat(norm("").shape()).isEmpty();
    }

    @Test
    void renderedParametersReadBackAsTheSameValue() {
        assertThat(Literal.of("it's \\ \n", SqlMode.DEFAULT).text()).isEqualTo("'it''s \\\\ \\n'");
        assertThat(Literal.of(new byte[] {1, (byte) 0xab}, SqlMode.DEFAULT).text()).isEqualTo("X'01ab'");
        assertThat(Literal.of(null, SqlMode.DEFAULT).text()).isEqualTo("NULL");
        assertThat(Literal.of(5, SqlMode.DEFAULT).value()).isEqualTo(5L);
        assertThat(Literal.of(new BigDecimal("1E+3"), SqlMode.DEFAULT).text()).isEqualTo("1000");
        assertThat(Literal.of(java.time.LocalDate.of(2024, 1, 2), SqlMode.DEFAULT).text()).isEqualTo("'2024-01-02'");
        // a rendered string normalizes back to the same value
        String tricky = "a'b\\c\"d\0";
        assertThat(Normalizer.normalize("SELECT " + Literal.of(tricky, SqlMode.DEFAULT).text()).literals().getFirst().value())
                .isEqualTo(tricky);
    }
}
