package io.shardgate.config;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one config file and hands each valid new version to a listener; an invalid version is
 * logged problem by problem, reported to the failure listener, and changes nothing.
 *
 * <p>How: every {@code pollInterval} the file's modification time, size and file key (inode) are
 * read; a change starts a quiet period, and the file is loaded once it has stayed unchanged for
 * {@code quietPeriod}, so an editor's several writes (or a truncate-then-write) give one reload.
 * Polling rather than a WatchService because it also sees atomic renames, symlink swaps
 * (Kubernetes ConfigMaps) and network file systems the same way, and 500 ms costs nothing.
 * Content identical to the last version loaded (a {@code touch}) is not delivered again.
 *
 * <p>All polling, loading and listener calls happen on one virtual thread, in order, so listeners
 * never run concurrently. {@link #reloadNow()} queues a forced reload on that thread (for SIGHUP
 * or an admin command). Create the watcher before the initial {@link ConfigLoader#load} so that a
 * change made in between is not missed (at worst it is loaded twice).
 */
public final class ConfigWatcher implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(300);

    private final Path file;
    private final Function<String, String> env;
    private final Duration pollInterval;
    private final long quietNanos;
    private final Consumer<ShardgateConfig> onReload;
    private final Consumer<ConfigException> onFailure;
    private final ScheduledExecutorService thread;

    // Touched only on the watcher thread (or by a test calling checkOnce without start()).
    private FileStamp lastSeen;
    private long changedAt;
    private boolean pending;
    private byte[] lastLoadedDigest;

    public ConfigWatcher(Path file, Consumer<ShardgateConfig> onReload, Consumer<ConfigException> onFailure) {
        this(file, System::getenv, DEFAULT_POLL_INTERVAL, DEFAULT_QUIET_PERIOD, onReload, onFailure);
    }

    public ConfigWatcher(Path file, Function<String, String> env, Duration pollInterval, Duration quietPeriod,
            Consumer<ShardgateConfig> onReload, Consumer<ConfigException> onFailure) {
        this.file = Objects.requireNonNull(file);
        this.env = Objects.requireNonNull(env);
        this.pollInterval = pollInterval;
        this.quietNanos = quietPeriod.toNanos();
        this.onReload = Objects.requireNonNull(onReload);
        this.onFailure = Objects.requireNonNull(onFailure);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofVirtual().name("shardgate-config-watcher").factory());
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
        this.lastSeen = FileStamp.of(file);
        this.lastLoadedDigest = digestOrNull(file);
    }

    /** Starts polling; returns this for chaining. */
    public ConfigWatcher start() {
        long ms = pollInterval.toMillis();
        thread.scheduleWithFixedDelay(this::pollSafely, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Loads the file now, even if unchanged, and delivers it like a detected change. The future
     * completes with the new config, or exceptionally with the {@link ConfigException} (which the
     * failure listener has also received).
     */
    public CompletableFuture<ShardgateConfig> reloadNow() {
        try {
            return CompletableFuture.supplyAsync(() -> reload(true), thread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("config watcher is closed"));
        }
    }

    /** Stops polling; a reload in progress finishes first (its listener call is not interrupted). */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("config watcher for {} did not stop within 10s", file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollSafely() {
        try {
            checkOnce(System.nanoTime());
        } catch (RuntimeException e) {
            log.error("config watcher for {} failed; it keeps polling", file, e);
        }
    }

    /** One poll at time {@code now}: notes a change, or reloads once the quiet period has passed. */
    void checkOnce(long now) {
        FileStamp stamp = FileStamp.of(file);
        if (!stamp.equals(lastSeen)) {
            lastSeen = stamp;
            changedAt = now;
            pending = true;
        } else if (pending && now - changedAt >= quietNanos) {
            pending = false;
            try {
                reload(false);
            } catch (ConfigException e) {
                // already logged and handed to the failure listener
            }
        }
    }

    /** Loads and delivers; null when the content is unchanged and not forced. */
    private ShardgateConfig reload(boolean force) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e.getMessage() == null ? "input/output error" : e.getMessage();
            throw fail(new ConfigException(file.toString(), List.of(new ConfigProblem("", "cannot read " + file + ": " + why))));
        }
        byte[] digest = digest(bytes);
        if (!force && Arrays.equals(digest, lastLoadedDigest)) {
            log.debug("{} was touched but its content is unchanged; nothing to reload", file);
            return null;
        }
        LoadedConfig loaded;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            Path dir = file.toAbsolutePath().getParent();
            loaded = ConfigLoader.read(text, file.toString(), env, dir == null ? Path.of("") : dir);
        } catch (CharacterCodingException e) {
            throw fail(new ConfigException(file.toString(), List.of(new ConfigProblem("", "cannot read " + file + ": not UTF-8 text"))));
        } catch (ConfigException e) {
            throw fail(e);
        }
        lastLoadedDigest = digest;
        log.info("reloaded config from {}", file);
        onReload.accept(loaded.config());
        return loaded.config();
    }

    private ConfigException fail(ConfigException e) {
        log.warn("config reload from {} rejected, keeping the running config ({} problem{}):\n{}", file,
                e.problems().size(), e.problems().size() == 1 ? "" : "s", e.getMessage());
        try {
            onFailure.accept(e);
        } catch (RuntimeException listenerFailure) {
            log.error("config failure listener threw", listenerFailure);
        }
        return e;
    }

    private static byte[] digestOrNull(Path file) {
        try {
            return digest(Files.readAllBytes(file));
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** What polling compares: cheap to read, and changes on every write, rename or replace. */
    private record FileStamp(boolean exists, long modifiedNanos, long size, Object fileKey) {
        static FileStamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new FileStamp(true, a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.size(), a.fileKey());
            } catch (IOException e) {
                return new FileStamp(false, 0, 0, null);
            }
        }
    }
}
