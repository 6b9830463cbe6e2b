package io.shardgate.proxy.execute;

/**
 * What a statement does to the state that ties a session to its backend connections. While a session holds any,
 * its connections are its own (no multiplexing, no connections lent to its cross-shard reads); the list and how
 * each case ends is in docs/architecture.md (Multiplexing).
 */
public enum ConnectionBinding {
    /** Nothing connection-bound. */
    NONE,
    /**
     * State that lasts until the session ends or is reset: a temporary table, a user variable, an open HANDLER,
     * a cursor, a next-transaction SET TRANSACTION, a LAST_INSERT_ID(expr) assignment.
     */
    HOLDS_STATE,
    /**
     * A user variable whose value was computed on the connection ({@code SET @x = <expression>}, {@code @x := ...},
     * {@code INTO @x}): state as {@link #HOLDS_STATE}, and the session's reads stay on the primaries, where the
     * value was computed. A replica connection would get the SET replayed, computing the value again, later and
     * on another server (a replica behind its primary gives a stale one).
     */
    HOLDS_COMPUTED_VARIABLE,
    /** LOCK TABLES, FLUSH TABLES ... WITH READ LOCK: until UNLOCK TABLES. */
    LOCKS_TABLES,
    /** UNLOCK TABLES. */
    UNLOCKS_TABLES,
    /** GET_LOCK(): until RELEASE_ALL_LOCKS(). */
    TAKES_NAMED_LOCK,
    /** RELEASE_ALL_LOCKS(). */
    RELEASES_NAMED_LOCKS
}
