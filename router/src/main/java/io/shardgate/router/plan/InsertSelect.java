package io.shardgate.router.plan;

import io.shardgate.router.merge.Row;
import io.shardgate.router.sql.SqlMode;
import java.util.List;

/**
 * {@code INSERT / REPLACE ... SELECT} where the SELECT reads sharded or broadcast tables, or the target is one:
 * the SELECT runs first as the statement it would be alone (one shard, or a read tree with its merge), then its
 * rows are written, in batches, into {@code INSERT ... VALUES} statements of the client's own prefix and
 * suffix, each planned as any INSERT: split per shard by the target's key, ids generated where the key
 * generator's column is left out. The executor runs all the batches' routes as one write, so the statement is
 * all or nothing (the session's transaction, or one of its own in autocommit).
 *
 * <p>Values are written as literals of their own type, as for inlined subqueries ({@link InlineSubqueries}).
 *
 * @param prefix the statement up to its SELECT ({@code INSERT IGNORE INTO t (a, b) }), literals rendered
 * @param suffix what follows the SELECT ({@code  ON DUPLICATE KEY UPDATE b = VALUES(b)}), or empty
 * @param source the SELECT's plan
 * @param conflict what the statement does with a row whose key exists
 */
public record InsertSelect(String prefix, String suffix, ReadPlan source, Conflict conflict) implements Plan {

    /** What a row with an existing key does: what MySQL's {@code Duplicates: n} counts. */
    public enum Conflict {
        /** a plain INSERT: the statement fails (1062) */
        ERROR,
        /** INSERT IGNORE: the row is skipped, counted as a duplicate */
        IGNORE,
        /** REPLACE: the old row is deleted, counted as a duplicate */
        REPLACE,
        /** ON DUPLICATE KEY UPDATE: the old row is updated, counted as a duplicate when changed */
        UPDATE;

        /**
         * The duplicates of a one-row INSERT from its affected rows: MariaDB sends no {@code Records: ...} info
         * for a single-row INSERT, so a shard that got one row reports only its affected count. A row updated
         * to the values it had counts 1 under CLIENT_FOUND_ROWS, like an insert: it is counted as no duplicate.
         */
        public long duplicatesOfOneRow(long affected) {
            return switch (this) {
                case ERROR -> 0;
                case IGNORE -> Math.max(0, 1 - affected);
                case REPLACE -> Math.max(0, affected - 1);
                case UPDATE -> affected == 2 ? 1 : 0;
            };
        }
    }

    /** The INSERT of one batch of the SELECT's rows (at least one row). */
    public String write(List<Row> rows, SqlMode mode) {
        StringBuilder sql = new StringBuilder(prefix.length() + suffix.length() + rows.size() * 24).append(prefix);
        if (!prefix.isEmpty() && !Character.isWhitespace(prefix.charAt(prefix.length() - 1))) {
            sql.append(' ');
        }
        sql.append("VALUES ");
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            sql.append(r == 0 ? "(" : ", (");
            for (int c = 0; c < row.size(); c++) {
                sql.append(c == 0 ? "" : ", ").append(InlineSubqueries.literal(row.get(c), mode));
            }
            sql.append(')');
        }
        if (!suffix.isEmpty() && !Character.isWhitespace(suffix.charAt(0))) {
            sql.append(' ');
        }
        return sql.append(suffix).toString();
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("InsertSelect: ").append(prefix)
                .append(prefix.endsWith(" ") ? "" : " ").append("VALUES {rows}").append(suffix)
                .append(", rows planned as INSERTs in batches:\n");
        source.describeTo(out, indent + 1);
    }
}
