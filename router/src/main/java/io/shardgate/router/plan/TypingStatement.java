package io.shardgate.router.plan;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.RowStream;
import java.util.List;

/**
 * A statement run only for the column definitions a server gives its result ({@code LIMIT 0} or
 * {@code WHERE 1 = 0}: no rows), used by the nodes whose values the proxy computes ({@link Retyped},
 * {@link Typed}).
 */
final class TypingStatement {

    private TypingStatement() {
    }

    /**
     * The column definitions of {@code typing}'s result, read to its end first so that the connection is free
     * for the reads that follow (they may share it).
     */
    static List<ColumnMeta> columns(ReadPlan typing, ReadContext context) {
        try (RowStream typed = typing.open(context).rows()) {
            List<ColumnMeta> columns = typed.columns();
            while (typed.next() != null) {
                // no row is expected; whatever arrives is read past
            }
            return columns;
        }
    }
}
