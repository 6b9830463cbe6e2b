package io.shardgate.router.planner;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Locale;

/**
 * Statement shape -> compiled {@link PlanTemplate}, bounded (Caffeine, W-TinyLFU), so that a statement seen
 * before is planned without parsing. The key includes the session schema, which decides what an
 * unqualified table name means. A config reload builds a new router and with it a new, empty cache.
 */
public final class PlanCache {

    private record Key(String schema, String shape) {
    }

    private final Cache<Key, PlanTemplate> cache;
    private final PlanCompiler compiler;

    public PlanCache(PlanCompiler compiler, long maximumSize) {
        this.compiler = compiler;
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).recordStats().build();
    }

    /** The template for a shape, compiled on the first request (concurrent first requests compile once). */
    public PlanTemplate get(String schema, String shape) {
        String s = schema == null ? "" : schema.toLowerCase(Locale.ROOT);
        return cache.get(new Key(s, shape), k -> compiler.compile(k.shape(), schema));
    }

    /** Lookups answered from the cache (Caffeine's striped counters: cheap on the statement path). */
    public long hits() {
        return cache.stats().hitCount();
    }

    /** Lookups that compiled a template. */
    public long misses() {
        return cache.stats().missCount();
    }

    public long size() {
        return cache.estimatedSize();
    }
}
