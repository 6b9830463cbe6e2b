package io.shardgate.router.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.router.sql.SqlTemplateBuilder.Edit;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTemplateBuilderTest {

    private static final String SHAPE = "SELECT a, `b?` FROM t WHERE k IN (?, ?) AND s = ? LIMIT ?";

    /** Renders holes visibly: slots as their index, tables as T<ref>_<shard>, hooks as H<id>. */
    private static final SqlTemplate.Binder BINDER = new SqlTemplate.Binder() {
        @Override
        public void slot(StringBuilder out, int index) {
            out.append("$").append(index);
        }

        @Override
        public void table(StringBuilder out, int ref) {
            out.append("T").append(ref);
        }

        @Override
        public void hook(StringBuilder out, int id) {
            out.append("H").append(id);
        }
    };

    @Test
    void findsSlotsOutsideQuotes() {
        SqlTemplateBuilder b = new SqlTemplateBuilder(SHAPE);
        assertThat(b.slotCount()).isEqualTo(4);
        assertThat(b.slotAt(SHAPE.indexOf("(?") + 1)).isEqualTo(0);
        assertThat(b.slotAt(SHAPE.lastIndexOf('?'))).isEqualTo(3);
        assertThat(b.slotAt(SHAPE.indexOf("b?") + 1)).isEqualTo(-1);
    }

    @Test
    void tableHolesApplyInEveryTemplateAndCopy() {
        SqlTemplateBuilder b = new SqlTemplateBuilder(SHAPE);
        int t = SHAPE.indexOf(" t ") + 1;
        b.table(t, t + 1, 0);
        assertThat(b.template(List.of()).render(BINDER))
                .isEqualTo("SELECT a, `b?` FROM T0 WHERE k IN ($0, $1) AND s = $2 LIMIT $3");
        assertThat(b.copy(SHAPE.indexOf("FROM"), SHAPE.indexOf(" WHERE")).toString())
                .isEqualTo("[Text[text=FROM ], Table[ref=0]]");
    }

    @Test
    void structuralEditsReplaceInsertAndDelete() {
        SqlTemplateBuilder b = new SqlTemplateBuilder(SHAPE);
        int listStart = SHAPE.indexOf('(') + 1;
        int listEnd = SHAPE.indexOf(')');
        int limit = SHAPE.indexOf(" LIMIT");
        SqlTemplate t = b.template(List.of(
                Edit.replace(listStart, listEnd, new SqlTemplate.Hook(7)),
                Edit.insert(SHAPE.indexOf(" FROM"), ", c"),
                Edit.delete(limit, SHAPE.length())));
        assertThat(t.render(BINDER)).isEqualTo("SELECT a, `b?`, c FROM t WHERE k IN (H7) AND s = $2");
        assertThat(t.toString()).isEqualTo("SELECT a, `b?`, c FROM t WHERE k IN ({hook 7}) AND s = {slot 2}");
    }

    @Test
    void subRangesRenderAlone() {
        SqlTemplateBuilder b = new SqlTemplateBuilder(SHAPE);
        int from = SHAPE.indexOf('(');
        int to = SHAPE.indexOf(')') + 1;
        assertThat(b.template(from, to, List.of()).render(BINDER)).isEqualTo("($0, $1)");
    }

    @Test
    void overlappingEditsAreABug() {
        SqlTemplateBuilder b = new SqlTemplateBuilder(SHAPE);
        assertThatThrownBy(() -> b.template(List.of(Edit.delete(5, 20), Edit.delete(10, 30))))
                .isInstanceOf(IllegalStateException.class);
        String shape = "SELECT * FROM orders WHERE k = ?";
        SqlTemplateBuilder named = new SqlTemplateBuilder(shape);
        int t = shape.indexOf("orders");
        named.table(t, t + 6, 0);
        // an edit may end where a table hole starts, but not cut through it
        assertThat(named.template(List.of(Edit.delete(t - 5, t))).render(BINDER)).isEqualTo("SELECT * T0 WHERE k = $0");
        assertThatThrownBy(() -> named.template(List.of(Edit.delete(t + 2, t + 10))))
                .isInstanceOf(IllegalStateException.class);
        assertThatCode(() -> named.copy(t, t + 6)).doesNotThrowAnyException();
    }
}
