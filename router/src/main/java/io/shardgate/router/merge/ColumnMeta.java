package io.shardgate.router.merge;

/**
 * What the merge needs to know of a result column: its label, MySQL column type code
 * (protocol ColumnType value), flags (UNSIGNED, BINARY ...), decimals, and the collation id that
 * decides string comparison. The proxy keeps the original column-definition packet alongside, so
 * clients see exactly the metadata a single MySQL would send.
 */
public record ColumnMeta(String name, int type, int flags, int decimals, int collationId) {

    public static final int FLAG_NOT_NULL = 0x01;
    public static final int FLAG_UNSIGNED = 0x20;
    public static final int FLAG_BINARY = 0x80;
    /**
     * Not a protocol flag (those are 16 bits): the merge computed this column from a shard column of the
     * same type (a window function over {@code x}), so the client must see an expression, not {@code x}'s
     * table column.
     */
    public static final int FLAG_COMPUTED = 1 << 16;

    public boolean unsigned() {
        return (flags & FLAG_UNSIGNED) != 0;
    }
}
