package io.shardgate.router.plan;

import java.util.ArrayList;
import java.util.List;

/** The one-line text of a {@link MergeSpec} in plan descriptions; only what differs from a plain union. */
final class MergeDescription {

    private MergeDescription() {
    }

    static String of(MergeSpec m, boolean relative) {
        List<String> parts = new ArrayList<>();
        if (!m.groupBy().isEmpty() || !m.aggregates().isEmpty()) {
            parts.add("group by " + m.groupBy().stream().map(MergeDescription::column).toList());
        }
        if (!m.aggregates().isEmpty()) {
            parts.add("aggregates " + m.aggregates().stream().map(MergeDescription::aggregate).toList());
        }
        if (m.having() != null) {
            parts.add("having " + m.having());
        }
        if (m.distinct()) {
            parts.add("distinct");
        }
        if (!m.orderBy().isEmpty()) {
            parts.add("order by " + m.orderBy().stream()
                    .map(k -> column(k.column()) + (k.descending() ? " desc" : "")).toList());
        }
        if (m.offset() != 0) {
            parts.add("offset " + m.offset());
        }
        if (m.limit() != null) {
            parts.add("limit " + m.limit());
        }
        String visible = relative && m.visibleColumns() <= 0
                ? (m.visibleColumns() == 0 ? "all" : "all" + m.visibleColumns()) : Integer.toString(m.visibleColumns());
        if (parts.isEmpty()) {
            parts.add("union");
        }
        parts.add("visible " + visible);
        return String.join("; ", parts);
    }

    private static String column(int c) {
        return c < 0 ? "end" + c : Integer.toString(c);
    }

    private static String aggregate(MergeSpec.AggregateSpec a) {
        StringBuilder s = new StringBuilder(a.function().name()).append('(');
        if (a.distinct()) {
            s.append("distinct ");
        }
        s.append(column(a.column()));
        if (a.countColumn() != -1) {
            s.append(" / count ").append(column(a.countColumn()));
        }
        if (a.separator() != null) {
            s.append(" separator '").append(a.separator()).append('\'');
        }
        return s.append(')').toString();
    }
}
