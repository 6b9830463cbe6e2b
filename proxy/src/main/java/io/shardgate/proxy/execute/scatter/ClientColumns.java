package io.shardgate.proxy.execute.scatter;

import io.shardgate.proxy.execute.rows.ColumnCharsets;
import io.shardgate.proxy.execute.rows.DoubleText;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ColumnFlags;
import io.shardgate.proxy.protocol.ColumnType;
import io.shardgate.router.merge.ColumnMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * The column definitions the client sees for a merged result: the first shard's own definitions (names,
 * table aliases, lengths exactly as the server sent them), except where the merge changed what a column
 * holds. That is the aggregates: a shard's partial COUNT(DISTINCT x) is x, its AVG is a partial SUM;
 * {@code MergedStream.columns()} says what the client-visible metadata is (router
 * {@code AggregateTypes}) and this class re-encodes those definitions.
 *
 * <p>A re-encoded column is an expression: empty schema, table, org_table and org_name, as a server sends for
 * {@code COUNT(DISTINCT x)} (whose shard column is x itself, a table column). What the merge layer does not
 * model is derived here, approximately, where a server's rules need the original argument the shards never
 * saw:
 * <ul>
 *   <li>length: 21 for BIGINT (COUNT), 23 for DOUBLE, a DECIMAL grows by the decimals added (AVG adds 4)
 *       plus one for the point when it gains one; GROUP_CONCAT(DISTINCT x) as BLOB is
 *       {@code group_concat_max_len} (1 MiB, the default) characters. A client reads length as a display
 *       width: larger than a server's is harmless, never smaller;</li>
 *   <li>flags: NOT_NULL, UNSIGNED and BINARY from the merge; NUM for numeric types, BLOB for BLOB types;
 *       other bits kept from the shard's definition when the type did not change and the merge did not
 *       compute the value ({@link ColumnMeta#FLAG_COMPUTED}: a window function over a column).</li>
 * </ul>
 */
public final class ClientColumns {

    /** Flags {@link ColumnMeta} carries; the rest of a definition's flags are not the merge's business. */
    private static final int MODELED_FLAGS = ColumnFlags.NOT_NULL | ColumnFlags.UNSIGNED | ColumnFlags.BINARY;
    private static final long BIGINT_LENGTH = 21;
    private static final long DOUBLE_LENGTH = 23;
    private static final long GROUP_CONCAT_MAX_LEN = 1024 * 1024;

    private ClientColumns() {
    }

    /**
     * @param shard the first shard's definitions (hidden columns included)
     * @param merged the merged stream's visible columns, in the same order
     */
    static List<ColumnDefinition41> of(List<ColumnDefinition41> shard, List<ColumnMeta> merged) {
        if (merged.size() > shard.size()) {
            throw new IllegalArgumentException(merged.size() + " merged columns, the shards returned " + shard.size());
        }
        List<ColumnDefinition41> out = new ArrayList<>(merged.size());
        for (int i = 0; i < merged.size(); i++) {
            out.add(column(shard.get(i), merged.get(i)));
        }
        return List.copyOf(out);
    }

    static ColumnDefinition41 column(ColumnDefinition41 shard, ColumnMeta merged) {
        boolean computed = (merged.flags() & ColumnMeta.FLAG_COMPUTED) != 0;
        boolean sameType = merged.type() == shard.type().code() && !computed;
        if (sameType && (merged.flags() & MODELED_FLAGS) == (shard.flags() & MODELED_FLAGS)
                && merged.decimals() == shard.decimals() && merged.collationId() == shard.characterSet()) {
            return shard;
        }
        if (sameType && (merged.flags() & ColumnFlags.NOT_NULL) == 0
                && (merged.flags() & MODELED_FLAGS | ColumnFlags.NOT_NULL)
                == (shard.flags() & MODELED_FLAGS | ColumnFlags.NOT_NULL) && merged.decimals() == shard.decimals()
                && merged.collationId() == shard.characterSet()) {
            // the same column, made nullable (an outer join's NULLs): still the table's column
            return new ColumnDefinition41(shard.catalog(), shard.schema(), shard.table(), shard.orgTable(),
                    shard.name(), shard.orgName(), shard.characterSet(), shard.columnLength(), shard.type(),
                    shard.flags() & ~ColumnFlags.NOT_NULL, shard.decimals(), shard.defaultValues());
        }
        ColumnType type = ColumnType.of(merged.type());
        int flags = merged.flags() & MODELED_FLAGS;
        if (sameType) {
            flags |= shard.flags() & ~MODELED_FLAGS;
        } else {
            flags |= numeric(type) ? ColumnFlags.NUM : 0;
            flags |= blob(type) ? ColumnFlags.BLOB : 0;
        }
        // a computed column: no source table or column, as a server reports an expression (the shard's
        // column may be a plain x, for COUNT(DISTINCT x))
        return new ColumnDefinition41(shard.catalog(), "", "", "", shard.name(), "", merged.collationId(),
                length(shard, type, merged), type, flags, merged.decimals(), null);
    }

    /** A column of a UNION / INTERSECT / EXCEPT result: a server names no schema or table for it. */
    public static ColumnDefinition41 withoutTable(ColumnDefinition41 d) {
        return new ColumnDefinition41(d.catalog(), "", "", "", d.name(), d.name(), d.characterSet(),
                d.columnLength(), d.type(), d.flags(), d.decimals(), d.defaultValues());
    }

    private static long length(ColumnDefinition41 shard, ColumnType type, ColumnMeta merged) {
        return switch (type) {
            case LONGLONG -> Math.max(BIGINT_LENGTH, shard.type() == ColumnType.LONGLONG ? shard.columnLength() : 0);
            case DOUBLE -> DOUBLE_LENGTH;
            case NEWDECIMAL, DECIMAL -> {
                int shardDecimals = shard.decimals() >= DoubleText.NOT_FIXED_DECIMALS ? 0 : shard.decimals();
                int added = Math.max(0, merged.decimals() - shardDecimals);
                yield shard.columnLength() + added + (shardDecimals == 0 && added > 0 ? 1 : 0);
            }
            case TINY_BLOB, BLOB, MEDIUM_BLOB, LONG_BLOB ->
                    GROUP_CONCAT_MAX_LEN * ColumnCharsets.maxBytesPerChar(merged.collationId());
            default -> shard.columnLength();
        };
    }

    private static boolean numeric(ColumnType type) {
        return switch (type) {
            case DECIMAL, NEWDECIMAL, TINY, SHORT, LONG, INT24, LONGLONG, FLOAT, DOUBLE, YEAR -> true;
            default -> false;
        };
    }

    private static boolean blob(ColumnType type) {
        return switch (type) {
            case TINY_BLOB, BLOB, MEDIUM_BLOB, LONG_BLOB -> true;
            default -> false;
        };
    }
}
