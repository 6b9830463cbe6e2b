package io.shardgate.router.strategy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.OptionalInt;

/**
 * {@code lookup}: each key's shard is recorded in a {@link LookupStore} (a real MySQL table in production)
 * the first time the key is written, chosen by an allocator strategy (hash-mod or consistent-hash). Known
 * keys are cached in Caffeine; unknown keys are not cached, because another proxy may record them any time.
 *
 * <p><b>Which call the planner uses when:</b>
 * <ul>
 *   <li>INSERT / REPLACE (a row is being created): {@link #shardOf} — records the key if it is new.</li>
 *   <li>SELECT / UPDATE / DELETE by key: {@link #find} — never records anything. An empty answer means no row
 *       with that key exists anywhere: the planner answers an empty result (or 0 affected rows) without
 *       touching a shard.</li>
 * </ul>
 *
 * <p>Keys are stored in {@link KeyValues#canonical} form (so {@code 42} and {@code '42'}, {@code 'A@x'} and
 * {@code 'a@x'} are one key), at most {@value #MAX_KEY_LENGTH} characters. SQL NULL is never recorded: it
 * lives on shard 0. Both calls may block on the store when the key is not cached: never call them on an
 * event-loop thread. Ranges cannot be pruned.
 */
public final class LookupStrategy implements ShardStrategy {

    /** The locator table's key column is {@code VARCHAR(255)}. */
    public static final int MAX_KEY_LENGTH = 255;

    private final String column;
    private final LookupStore store;
    private final ShardStrategy allocator;
    private final Cache<String, Integer> cache;

    /**
     * @param allocator chooses the shard of a new key; must have the same shard count as the table
     * @param cacheSize maximum number of cached keys
     */
    public LookupStrategy(String column, LookupStore store, ShardStrategy allocator, long cacheSize) {
        this.column = column;
        this.store = store;
        this.allocator = allocator;
        this.cache = Caffeine.newBuilder().maximumSize(Math.max(0, cacheSize)).build();
    }

    /** The shard already recorded for {@code value}; empty when no row with this key was ever inserted. */
    public OptionalInt find(Object value) {
        if (value == null) {
            return OptionalInt.of(0);
        }
        String key = key(value);
        Integer cached = cache.getIfPresent(key);
        if (cached != null) {
            return OptionalInt.of(cached);
        }
        OptionalInt stored = store.find(key);
        stored.ifPresent(shard -> cache.put(key, checked(key, shard)));
        return stored;
    }

    /** The shard of {@code value}, recording the allocator's choice when the key is new (for INSERT). */
    @Override
    public int shardOf(Object value) {
        if (value == null) {
            return 0;
        }
        String key = key(value);
        Integer cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        OptionalInt stored = store.find(key);
        int shard = stored.isPresent() ? stored.getAsInt() : store.assign(key, allocator.shardOf(value));
        cache.put(key, checked(key, shard));
        return shard;
    }

    private String key(Object value) {
        String key = KeyValues.canonical(value);
        if (key.length() > MAX_KEY_LENGTH) {
            throw new NoShardException("no shard for " + column + " = " + KeyValues.display(value)
                    + ": lookup keys are at most " + MAX_KEY_LENGTH + " characters");
        }
        return key;
    }

    private int checked(String key, int shard) {
        if (shard < 0 || shard >= allocator.shardCount()) {
            throw new IllegalStateException("lookup store maps " + column + " '" + key + "' to shard " + shard
                    + ", but the table has shards 0.." + (allocator.shardCount() - 1));
        }
        return shard;
    }

    @Override
    public ShardSet shardsFor(Bound lower, Bound upper) {
        return ShardSet.all(allocator.shardCount());
    }

    @Override
    public int shardCount() {
        return allocator.shardCount();
    }

    /** Forgets cached keys (e.g. after an operator moved keys in the locator table). */
    public void invalidateCache() {
        cache.invalidateAll();
    }

    @Override
    public String toString() {
        return "lookup(" + column + ", new keys by " + allocator + ")";
    }
}
