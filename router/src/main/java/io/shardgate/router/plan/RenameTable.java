package io.shardgate.router.plan;

import java.util.List;

/**
 * A statement about one logical table answered by its first physical table ({@code SHOW CREATE TABLE},
 * {@code SHOW INDEX}): in the listed columns, a value equal to {@link #physical()} becomes
 * {@link #logical()}, and in longer text (the CREATE TABLE statement) the first occurrence of the quoted name
 * {@code `physical`} becomes {@code `logical`}.
 *
 * <p>Also used for information_schema probes about a logical table, which may select any columns: there
 * {@link #columns()} is empty, meaning every column.
 *
 * @param columns zero-based result columns to rewrite; empty for all
 */
public record RenameTable(Route input, String physical, String logical, List<Integer> columns) implements Plan {

    public RenameTable {
        columns = List.copyOf(columns);
    }

    /** Whether values of result column {@code index} are rewritten. */
    public boolean renames(int index) {
        return columns.isEmpty() || columns.contains(index);
    }

    /** The rewrite of one value, for executors. */
    public String rename(String value) {
        if (value == null) {
            return null;
        }
        if (value.equals(physical)) {
            return logical;
        }
        String quoted = "`" + physical + "`";
        int at = value.indexOf(quoted);
        return at < 0 ? value : value.substring(0, at) + "`" + logical + "`" + value.substring(at + quoted.length());
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("RenameTable ").append(physical).append(" -> ").append(logical)
                .append(columns.isEmpty() ? " in every column" : " in columns " + columns).append('\n');
        input.describeTo(out, indent + 1);
    }
}
