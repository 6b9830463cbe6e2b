package io.shardgate.router.strategy;

/**
 * Maps a shard-key value to shard indexes of one logical table (0 .. shardCount-1, in the order of the
 * table's physical tables across its nodes). One implementation per strategy, built from config by
 * {@code ShardStrategies}.
 *
 * <p>Values arrive as the SQL literal's Java form: {@link Long} or {@link java.math.BigInteger} for
 * integers, {@link java.math.BigDecimal} for decimals, {@link String} for strings (an integer given as a
 * string routes like the integer where the strategy is numeric), {@link java.time.LocalDate} /
 * {@link java.time.LocalDateTime} for temporal values, {@code null} for SQL NULL.
 *
 * <p>SQL NULL keys live on shard 0 for every strategy (region: its default shard when it has one), so an
 * INSERT with a NULL key and a later {@code k <=> NULL} agree. Which values count as equal (numbers vs numeric
 * strings, case, trailing spaces) is defined once in {@link KeyValues}.
 *
 * <p>{@link LookupStrategy} adds {@link LookupStrategy#find}: reads must use it instead of {@link #shardOf},
 * which records unknown keys (see that class).
 *
 * <p>Implementations are immutable and thread-safe; they never do I/O (the lookup strategy reads through
 * a cache-backed {@code LookupStore} that the proxy supplies).
 */
public interface ShardStrategy {

    /**
     * The shard holding rows whose key equals {@code value}.
     *
     * @throws NoShardException when no shard can hold the value (a date outside every period, an
     *     unknown region without default); the message names the column and value
     */
    int shardOf(Object value);

    /**
     * The minimal set of shards that may hold keys within the range; {@link ShardSet#all} when the
     * strategy cannot prune ranges (hash-based strategies).
     *
     * @param lower null when unbounded
     * @param upper null when unbounded
     */
    ShardSet shardsFor(Bound lower, Bound upper);

    /** Total number of shards (physical tables) of the table. */
    int shardCount();

    /** One bound of a range: the value and whether it is included ({@code <=}) or not ({@code <}). */
    record Bound(Object value, boolean inclusive) {
    }
}
