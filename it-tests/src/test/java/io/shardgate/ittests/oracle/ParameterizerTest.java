package io.shardgate.ittests.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterizerTest {

    @Test
    void bindsWhereHavingAndLimitLiterals() {
        Parameterizer.Parameterized p = Parameterizer.parameterize(
                "SELECT a, 'lit', 3 FROM t WHERE k IN (1, -2) AND s = 'it''s' GROUP BY a HAVING COUNT(*) > 2 "
                        + "ORDER BY 2 LIMIT 10, 5");
        assertThat(p.sql()).isEqualTo("SELECT a, 'lit', 3 FROM t WHERE k IN (?, ?) AND s = ? GROUP BY a "
                + "HAVING COUNT(*) > ? ORDER BY 2 LIMIT ?, ?");
        assertThat(p.values()).containsExactly(1L, -2L, "it's", 2L, 10L, 5L);
    }

    @Test
    void aMinusIsASignOnlyWhereAValueIsExpected() {
        Parameterizer.Parameterized p = Parameterizer.parameterize(
                "SELECT a FROM t WHERE a - 1 > -9223372036854775808 AND (b) -2 < 0 OR c BETWEEN -1.5 AND -2e3");
        assertThat(p.sql()).isEqualTo("SELECT a FROM t WHERE a - ? > ? AND (b) -? < ? OR c BETWEEN ? AND ?");
        assertThat(p.values()).containsExactly(1L, Long.MIN_VALUE, 2L, 0L, new BigDecimal("-1.5"), -2e3);
    }

    @Test
    void numbersKeepTheirKind() {
        Parameterizer.Parameterized p = Parameterizer.parameterize(
                "SELECT x FROM t WHERE a = 9223372036854775808 AND b = 1.50 AND c = 1e10 AND d = 9223372036854775807");
        assertThat(p.values()).containsExactly(new BigDecimal("9223372036854775808"), new BigDecimal("1.50"), 1e10,
                Long.MAX_VALUE);
    }

    @Test
    void leavesIdentifiersTypedLiteralsAndIntroducersAlone() {
        Parameterizer.Parameterized p = Parameterizer.parameterize("SELECT `a1` FROM t2 WHERE col3 = DATE '2025-01-01' "
                + "AND x = _utf8mb4'y' AND h = 0x1F AND (SELECT 4) AND e.v = 'a\\\\b' AND n LIKE '%\\_%'");
        assertThat(p.sql()).isEqualTo("SELECT `a1` FROM t2 WHERE col3 = DATE '2025-01-01' AND x = _utf8mb4'y' "
                + "AND h = 0x1F AND (SELECT ?) AND e.v = ? AND n LIKE ?");
        assertThat(p.values()).isEqualTo(List.of(4L, "a\\b", "%\\_%"));
    }

    @Test
    void joinConditionsAndSelectListStayLiteral() {
        Parameterizer.Parameterized p = Parameterizer.parameterize(
                "SELECT GROUP_CONCAT(a SEPARATOR ';') FROM t JOIN c ON c.code = 'DE' WHERE t.x < 5");
        assertThat(p.sql()).isEqualTo("SELECT GROUP_CONCAT(a SEPARATOR ';') FROM t JOIN c ON c.code = 'DE' WHERE t.x < ?");
        assertThat(p.values()).containsExactly(5L);
    }

    @Test
    void aWindowClauseEndsTheWhereClause() {
        Parameterizer.Parameterized p = Parameterizer.parameterize(
                "SELECT SUM(a) OVER w FROM t WHERE a > 5 WINDOW w AS (ORDER BY a ROWS 2 PRECEDING) LIMIT 3");
        assertThat(p.sql()).isEqualTo("SELECT SUM(a) OVER w FROM t WHERE a > ? WINDOW w AS (ORDER BY a ROWS 2 PRECEDING)"
                + " LIMIT ?");
        assertThat(p.values()).containsExactly(5L, 3L);
    }
}
