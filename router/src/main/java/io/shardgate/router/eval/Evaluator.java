package io.shardgate.router.eval;

import io.shardgate.router.merge.Row;

/**
 * An expression ready to run over rows of one layout: its MySQL {@link Type} is fixed (the columns' types
 * are known), and {@link #evaluate} returns a value of that type's Java class, or null for SQL NULL.
 * Evaluation may throw {@link io.shardgate.router.merge.RowStreamException} with MySQL's own error (1690
 * for an integer out of range), which fails the statement as the server would.
 */
public interface Evaluator {

    Type type();

    Object evaluate(Row row);

    /** An evaluator from its type and a function. */
    static Evaluator of(Type type, java.util.function.Function<Row, Object> fn) {
        return new Evaluator() {
            @Override
            public Type type() {
                return type;
            }

            @Override
            public Object evaluate(Row row) {
                return fn.apply(row);
            }
        };
    }
}
