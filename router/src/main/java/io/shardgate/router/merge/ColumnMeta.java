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

    public boolean unsigned() {
        return (flags & FLAG_UNSIGNED) != 0;
    }
}
