package io.shardgate.router.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.router.sql.SqlMode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The derived table a view becomes: own rows, then folded rows as typed literals. */
class DerivedTableTest {

    private static final TableNames NAMES = new TableNames(FoldRuleTest.schemas());

    @Test
    void ownRowsThenFoldedRowsAsLiteralsOfTheColumnsTypes() {
        MetadataRows ds0 = new MetadataRows(List.of("TABLE_SCHEMA", "TABLE_NAME", "TABLE_ROWS", "CREATE_TIME",
                "TABLE_COMMENT"), List.of(MetadataRows.ValueKind.TEXT, MetadataRows.ValueKind.TEXT,
                MetadataRows.ValueKind.NUMBER, MetadataRows.ValueKind.DATETIME, MetadataRows.ValueKind.TEXT),
                List.of(Arrays.asList("shop", "orders_0000", "3", "2024-05-01 10:00:00", "it's a\\b")));
        MetadataRows ds1 = new MetadataRows(ds0.columns(), ds0.kinds(), List.of(
                Arrays.asList("shop", "rates", "2", null, ""),
                Arrays.asList("shop", "orders_0001", "4", "2024-04-01 09:00:00", "it's a\\b")));
        String own = "NOT (TABLE_SCHEMA = 'shop' AND TABLE_NAME IN ('orders_0000', 'orders_0001'))";
        assertThat(DerivedTable.of(MetadataView.TABLES, own, List.of(ds0, ds1), NAMES, SqlMode.DEFAULT)).isEqualTo(
                "(SELECT * FROM information_schema.TABLES WHERE " + own
                        + " UNION ALL SELECT 'shop', 'orders', 7, CAST('2024-04-01 09:00:00' AS DATETIME), 'it''s a\\\\b'"
                        + " UNION ALL SELECT 'shop', 'rates', 2, NULL, '')");
        assertThat(DerivedTable.of(MetadataView.TABLES, null, List.of(ds0), NAMES, SqlMode.of("NO_BACKSLASH_ESCAPES")))
                .isEqualTo("(SELECT * FROM information_schema.TABLES UNION ALL SELECT 'shop', 'orders', 3, "
                        + "CAST('2024-05-01 10:00:00' AS DATETIME), 'it''s a\\b')");
    }

    @Test
    void aNumberColumnWithTextInItIsQuoted() {
        StringBuilder sql = new StringBuilder();
        DerivedTable.literal(sql, "1; DROP TABLE x", MetadataRows.ValueKind.NUMBER, SqlMode.DEFAULT);
        assertThat(sql).hasToString("'1; DROP TABLE x'");
    }
}
