package io.shardgate.router.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedefinedColumnsTest {

    @Test
    void replacesTheDefinitionsOfTheNamedColumnsAndPassesTheValues() {
        List<ColumnMeta> in = List.of(Columns.varchar("name"), Columns.bigint("placeholder"));
        ColumnMeta typed = new ColumnMeta("SUM(amount) / COUNT(*)", 246, 0, 6, 63);
        RedefinedColumns rows = new RedefinedColumns(FakeStream.of(in, "ann|NULL", "bob|NULL"), List.of(1),
                List.of(typed));

        assertThat(rows.columns()).containsExactly(in.get(0), typed);
        assertThat(FakeStream.drain(rows)).containsExactly("ann|NULL", "bob|NULL");
    }
}
