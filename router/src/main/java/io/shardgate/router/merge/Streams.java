package io.shardgate.router.merge;

import java.util.List;

/** Plumbing shared by the merge primitives: closing inputs safely, describing trees, input-order errors. */
final class Streams {

    private Streams() {
    }

    /**
     * Closes every stream. A failure while closing is added to {@code primary} as suppressed when there is
     * one (the error already on its way to the caller); otherwise the first failure is thrown after all
     * streams were closed.
     */
    static void closeAll(List<? extends RowStream> streams, Throwable primary) {
        RuntimeException first = null;
        for (RowStream s : streams) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Indents a nested description under its parent line. */
    static String nested(String parent, RowStream input) {
        return parent + "\n  " + String.valueOf(input).replace("\n", "\n  ");
    }

    /**
     * The error a primitive that relies on sorted input raises when rows arrive out of the promised order:
     * returning a wrong result (a group split in two) silently would be worse. Usually a string column
     * whose collation the merge does not know (MariaDB reports the result charset's collation) or a
     * planner that did not send the ORDER BY it declared.
     */
    static RowStreamException outOfOrder(String primitive, RowComparator order, Row previous, Row row) {
        return new RowStreamException(ER_UNKNOWN_ERROR, "HY000", "shardgate " + primitive
                + ": shard rows arrived out of the expected order (" + order + "): " + row + " after "
                + previous + "; the column's collation may differ from the one the merge compares with");
    }

    /** MySQL's ER_UNKNOWN_ERROR, for merge failures that have no more specific code. */
    static final int ER_UNKNOWN_ERROR = 1105;
}
