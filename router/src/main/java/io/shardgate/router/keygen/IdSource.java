package io.shardgate.router.keygen;

import java.util.function.LongSupplier;

/** Where generated keys come from: a {@link SnowflakeGenerator}, or any counter in tests. */
@FunctionalInterface
public interface IdSource {

    /** The next id: larger than every id this source returned before. */
    long next();

    /**
     * {@code count} increasing ids for one multi-row INSERT. Sources that can make them consecutive
     * ({@code first, first + 1, ...}) do: MySQL gives a multi-row INSERT consecutive AUTO_INCREMENT ids, and
     * clients compute each row's id as {@code insertId + i}.
     */
    default long[] next(int count) {
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = next();
        }
        return ids;
    }

    static IdSource of(LongSupplier ids) {
        return ids::getAsLong;
    }
}
