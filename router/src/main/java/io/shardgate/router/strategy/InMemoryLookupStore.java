package io.shardgate.router.strategy;

import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link LookupStore} in a map: for tests and for offline tools (the {@code route} CLI) that must not
 * reach a database. Not durable, not shared between proxies.
 */
public final class InMemoryLookupStore implements LookupStore {

    private final ConcurrentMap<String, Integer> shards = new ConcurrentHashMap<>();

    @Override
    public OptionalInt find(String key) {
        Integer shard = shards.get(key);
        return shard == null ? OptionalInt.empty() : OptionalInt.of(shard);
    }

    @Override
    public int assign(String key, int proposedShard) {
        return shards.computeIfAbsent(key, k -> proposedShard);
    }

    /** Number of recorded keys. */
    public int size() {
        return shards.size();
    }
}
