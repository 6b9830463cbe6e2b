package io.shardgate.proxy.server;

import io.shardgate.config.ConfigDiff;
import io.shardgate.config.ConfigException;
import io.shardgate.config.ConfigProblem;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.pool.NodePools;
import io.shardgate.proxy.reshard.ReshardException;
import io.shardgate.router.keygen.IdGenerators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing state in force and how it is replaced: by a reload (checked against the stored rows first) or by a
 * reshard's cutover (whose rows were moved). One replacement at a time; statements in flight finish on the state
 * they started with.
 */
final class LiveConfig implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveConfig.class);

    /** The report of a reload that applied, with the config it applied (to match it to the watcher's answer). */
    record Applied(ShardgateConfig config, ReloadResult result) {
    }

    /** Whether {@code next} may replace {@code running}: throws the problems, else notes and warnings. */
    interface LayoutCheck {
        LayoutGuard.Report check(ShardgateConfig running, ShardgateConfig next, String file);
    }

    private final AtomicReference<RoutingState> state = new AtomicReference<>();
    private final IdGenerators ids;
    private final Supplier<NodePools> pools;
    /** Serializes replacements: a reload's layout check and its swap happen as one step against what it checked. */
    private final Object lock = new Object();
    private final AtomicReference<ReloadResult> lastReload = new AtomicReference<>();
    private final AtomicReference<Applied> lastApplied = new AtomicReference<>();
    /** Plan-cache counts of routers a replacement retired, so the metrics' counters never go back. */
    private final AtomicLong retiredCacheHits = new AtomicLong();
    private final AtomicLong retiredCacheMisses = new AtomicLong();

    /** @param pools the backend pools, told which nodes a replacement keeps (built after this, hence a supplier) */
    LiveConfig(ShardgateConfig initial, IdGenerators ids, Supplier<NodePools> pools) {
        this.ids = ids;
        this.pools = pools;
        state.set(RoutingStates.build(initial, ids));
    }

    RoutingState state() {
        return state.get();
    }

    ShardgateConfig config() {
        return state.get().config();
    }

    long planCacheHits() {
        return retiredCacheHits.get() + state.get().router().planCacheHits();
    }

    long planCacheMisses() {
        return retiredCacheMisses.get() + state.get().router().planCacheMisses();
    }

    Optional<ReloadResult> lastReload() {
        return Optional.ofNullable(lastReload.get());
    }

    Applied lastApplied() {
        return lastApplied.get();
    }

    /** A reload that failed before it reached {@link #apply} (an unreadable or invalid file). */
    void rejected(ReloadResult result) {
        lastReload.set(result);
    }

    /**
     * Builds {@code next}'s routing state, checks it against the running config with {@code layout}, then swaps.
     *
     * @throws ConfigException when it cannot be applied: the running config stays, each problem says why
     */
    ReloadResult apply(ShardgateConfig next, String file, LayoutCheck layout) {
        synchronized (lock) {
            try {
                ReloadResult result = swap(next, file, layout);
                lastApplied.set(new Applied(next, result));
                lastReload.set(result);
                return result;
            } catch (ConfigException e) {
                lastReload.set(ReloadResult.rejected(e));
                throw e;
            }
        }
    }

    private ReloadResult swap(ShardgateConfig next, String file, LayoutCheck layoutCheck) {
        String source = file == null ? "reload" : file;
        RoutingState fresh;
        try {
            fresh = RoutingStates.build(next, ids);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(source, List.of(new ConfigProblem("", e.getMessage() == null
                    ? "cannot build the routing state" : e.getMessage())));
        }
        LayoutGuard.Report layout;
        try {
            layout = layoutCheck.check(config(), next, file);
        } catch (RuntimeException e) {
            fresh.close();
            throw e;
        }
        List<String> notes = new ArrayList<>(layout.notes());
        List<String> restartOnly = ConfigDiff.between(config(), next).listenerChanges();
        if (!restartOnly.isEmpty()) {
            notes.add(String.join(", ", restartOnly) + " changed; that takes effect at the next start");
        }
        retire(state.getAndSet(fresh), next);
        ReloadResult result = ReloadResult.applied(source, notes, layout.warnings());
        if (result.warnings().isEmpty()) {
            LOG.info("{}", result.describe());
        } else {
            LOG.warn("{}", result.describe());
        }
        return result;
    }

    /**
     * A reshard's cutover: {@code next} serves without a layout check (the reshard moved the rows), then replaces
     * {@code file}, the previous file kept beside it; returns where.
     */
    String install(ShardgateConfig next, String fileText, int generation, Path file) {
        synchronized (lock) {
            Path kept = file.resolveSibling(file.getFileName() + ".before-g" + generation);
            Path written = file.resolveSibling(file.getFileName() + ".reshard-g" + generation);
            RoutingState fresh;
            try {
                Files.copy(file, kept, StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(written, fileText);
                fresh = RoutingStates.build(next, ids);
            } catch (IOException | RuntimeException e) {
                throw new ReshardException("cannot write the new config beside " + file + ": " + e.getMessage(), e);
            }
            RoutingState old = state.getAndSet(fresh);
            try {
                Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOG.error("the resharded layout serves, but {} could not be replaced: {} holds it; copy it over "
                        + "by hand before the next start", file, written, e);
            }
            retire(old, next);
            ReloadResult result = ReloadResult.applied(file.toString(), List.of("resharded into generation "
                    + generation + "; previous config kept as " + kept), List.of());
            lastApplied.set(new Applied(next, result));
            lastReload.set(result);
            LOG.info("{}", result.describe());
            return kept.toString();
        }
    }

    private void retire(RoutingState old, ShardgateConfig next) {
        pools.get().retainOnly(old.config(), next);
        retiredCacheHits.addAndGet(old.router().planCacheHits());
        retiredCacheMisses.addAndGet(old.router().planCacheMisses());
        old.close();
    }

    @Override
    public void close() {
        state.get().close();
    }
}
