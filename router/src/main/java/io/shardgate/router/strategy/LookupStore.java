package io.shardgate.router.strategy;

import java.util.OptionalInt;

/**
 * The durable key -> shard directory behind {@link LookupStrategy}; the proxy supplies a JDBC one
 * ({@code io.shardgate.proxy.lookup.JdbcLookupStore}), tests an {@link InMemoryLookupStore}.
 *
 * <p>Keys arrive in {@link KeyValues#canonical} form. Implementations may block (they do I/O): callers must
 * not call them on an event-loop thread.
 */
public interface LookupStore extends AutoCloseable {

    /** The shard recorded for {@code key}, or empty when the key has never been assigned. */
    OptionalInt find(String key);

    /**
     * Records {@code proposedShard} for {@code key} unless a shard is already recorded, atomically, and returns
     * the shard actually recorded: another proxy may have assigned the key first, and then its choice wins.
     */
    int assign(String key, int proposedShard);

    @Override
    default void close() {
    }
}
