package io.shardgate.router.merge;

/** Column metadata as a MariaDB shard reports it (type codes and flags of the protocol). */
public final class Columns {

    public static final int UTF8MB4_GENERAL_CI = 45;

    private Columns() {
    }

    public static ColumnMeta bigint(String name) {
        return new ColumnMeta(name, 8, ColumnMeta.FLAG_BINARY, 0, 63);
    }

    public static ColumnMeta integer(String name) {
        return new ColumnMeta(name, 3, ColumnMeta.FLAG_BINARY, 0, 63);
    }

    public static ColumnMeta decimal(String name, int decimals) {
        return new ColumnMeta(name, 246, ColumnMeta.FLAG_BINARY, decimals, 63);
    }

    public static ColumnMeta dbl(String name) {
        return new ColumnMeta(name, 5, ColumnMeta.FLAG_BINARY, 31, 63);
    }

    public static ColumnMeta varchar(String name) {
        return varchar(name, UTF8MB4_GENERAL_CI);
    }

    public static ColumnMeta varchar(String name, int collation) {
        return new ColumnMeta(name, 253, 0, 0, collation);
    }

    public static ColumnMeta datetime(String name) {
        return new ColumnMeta(name, 12, ColumnMeta.FLAG_BINARY, 0, 63);
    }

    public static ColumnMeta varbinary(String name) {
        return new ColumnMeta(name, 253, ColumnMeta.FLAG_BINARY, 0, 63);
    }

    /** COUNT(*) as a shard returns it. */
    public static ColumnMeta count(String name) {
        return new ColumnMeta(name, 8, ColumnMeta.FLAG_NOT_NULL | ColumnMeta.FLAG_BINARY, 0, 63);
    }
}
