package io.shardgate.router.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.router.merge.Row;
import io.shardgate.router.sql.SqlMode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link InsertSelect} writes a batch of its SELECT's rows into an INSERT, and counts duplicates. */
class InsertSelectTest {

    private static final ReadPlan ANY_PLAN = new MergeShards(List.of(new Route("ds0", "SELECT 1", false)), List.of());

    @Test
    void aBatchIsOneMultiRowInsertOfTypedLiteralsBetweenTheStatementsOwnText() {
        InsertSelect plan = new InsertSelect("INSERT IGNORE INTO t (a, b, c) ", " ON DUPLICATE KEY UPDATE b = VALUES(b)",
                ANY_PLAN, InsertSelect.Conflict.IGNORE);
        String sql = plan.write(List.of(new Row(new Object[] {1L, "it's", new BigDecimal("12.50")}),
                new Row(new Object[] {null, new byte[] {1, (byte) 0xff}, LocalDate.of(2025, 1, 2)})), SqlMode.DEFAULT);
        assertThat(sql).isEqualTo("INSERT IGNORE INTO t (a, b, c) VALUES (1, 'it''s', 12.50), (NULL, X'01ff', "
                + "DATE'2025-01-02') ON DUPLICATE KEY UPDATE b = VALUES(b)");
    }

    @Test
    void withoutASuffixTheRowsEndTheStatement() {
        InsertSelect plan = new InsertSelect("REPLACE INTO t", "", ANY_PLAN, InsertSelect.Conflict.REPLACE);
        assertThat(plan.write(List.of(new Row(new Object[] {0.5})), SqlMode.DEFAULT))
                .isEqualTo("REPLACE INTO t VALUES (0.5E0)");
    }

    @Test
    void aOneRowInsertsDuplicatesFollowFromItsAffectedRows() {
        assertThat(InsertSelect.Conflict.ERROR.duplicatesOfOneRow(1)).isZero();
        assertThat(InsertSelect.Conflict.IGNORE.duplicatesOfOneRow(0)).isEqualTo(1);
        assertThat(InsertSelect.Conflict.IGNORE.duplicatesOfOneRow(1)).isZero();
        assertThat(InsertSelect.Conflict.REPLACE.duplicatesOfOneRow(2)).isEqualTo(1);
        assertThat(InsertSelect.Conflict.REPLACE.duplicatesOfOneRow(1)).isZero();
        assertThat(InsertSelect.Conflict.UPDATE.duplicatesOfOneRow(2)).isEqualTo(1);
        assertThat(InsertSelect.Conflict.UPDATE.duplicatesOfOneRow(1)).isZero();
    }
}
