package io.shardgate.proxy.binding;

import io.shardgate.config.ReadYourWrites;
import io.shardgate.config.ReadYourWrites.Mode;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a session wrote, for read-your-writes: whether its next read outside a transaction may go to a replica.
 * Only writes count, not a read that ran on a primary (inside a transaction, or by a hint), so a transaction
 * that only read sends the reads after it to replicas at once.
 *
 * <ul>
 *   <li>{@code off}: reads go to replicas whenever no transaction holds the session on a primary.</li>
 *   <li>a window: reads stay on the primary for that long after the statement (or transaction) that wrote
 *       ended.</li>
 *   <li>{@code causal}: a node written to is <em>pending</em> until the session learns a GTID position of its
 *       primary taken after the write ({@link #target}); a replica serves the session's reads once it has
 *       applied that position ({@link #confirm}), which is remembered per replica so later reads do not wait
 *       again. A primary keeping no GTIDs (binlog off) turns the node back to the window
 *       ({@link #noGtids}).</li>
 * </ul>
 * Not thread-safe: confined to the session's event loop.
 */
final class ReadAfterWrite {

    /** A node's state after a write in causal mode: the position to reach, once known, and who reached it. */
    private static final class Written {
        String target;
        final Map<String, String> confirmed = new HashMap<>();
        /** Replicas whose wait for {@link #target} ran out: asked again without waiting, until they reach it. */
        final Set<String> behind = new HashSet<>();
    }

    private ReadYourWrites settings = ReadYourWrites.DEFAULT;
    /** Nodes the running statement or transaction wrote on; they count once it ends. */
    private final Set<String> writing = new HashSet<>();
    /** Until when reads stay on the primary ({@link System#nanoTime}). */
    private long windowUntilNanos = System.nanoTime();
    private boolean windowOpen;
    private final Map<String, Written> written = new HashMap<>();
    /** Nodes whose primary keeps no GTIDs: the window serves them. */
    private final Set<String> withoutGtids = new HashSet<>();

    /** The session's schema settings, as the statement starts (the schema and the config change). */
    void settings(ReadYourWrites now) {
        this.settings = now;
    }

    Mode mode() {
        return settings.mode();
    }

    /**
     * How long {@code replica} may take to reach the session's last write of {@code node}: {@code causal-wait},
     * or nothing once it failed to within that time, for this write or an earlier one, until it is seen to catch
     * up (each read while it lags then costs a round trip, not the wait).
     */
    Duration causalWait(String node, String replica) {
        Written w = written.get(node);
        return w != null && w.behind.contains(replica) ? Duration.ZERO : settings.causalWait();
    }

    /** {@code replica} did not reach the node's last write in time. */
    void behind(String node, String replica) {
        Written w = written.get(node);
        if (w != null) {
            w.behind.add(replica);
        }
    }

    /** A write on {@code node}'s primary started. */
    void wrote(String node) {
        writing.add(node);
    }

    /**
     * A statement ended; outside a transaction, what it (or the transaction it ended) wrote now counts.
     */
    void statementEnded(boolean inTransaction, long now) {
        if (writing.isEmpty() || inTransaction) {
            return;
        }
        windowUntilNanos = now + settings.window().toNanos();
        windowOpen = true;
        for (String node : writing) {
            Written next = new Written(); // a position taken after this write is learned at the next read
            Written last = written.get(node);
            if (last != null) {
                // a replica that missed the last write's wait lags: asked without waiting until it catches up, so a
                // session writing and reading in a loop does not pay causal-wait on every read (bench/replicas)
                next.behind.addAll(last.behind);
            }
            written.put(node, next);
        }
        writing.clear();
    }

    /** Whether a read of {@code node} outside a transaction must run on its primary without asking a replica. */
    boolean primaryForRead(String node, long now) {
        if (writing.contains(node)) {
            return true; // the statement that writes reads too (multi-statement, or a read after a write in it)
        }
        return switch (settings.mode()) {
            case OFF -> false;
            case WINDOW -> inWindow(now);
            case CAUSAL, AUTO -> withoutGtids.contains(node) && inWindow(now);
        };
    }

    private boolean inWindow(long now) {
        if (windowOpen && now - windowUntilNanos >= 0) {
            windowOpen = false;
        }
        return windowOpen;
    }

    /** Causal mode: whether a read of {@code node} must first learn that its replica reached the last write. */
    boolean pending(String node) {
        return (settings.mode() == Mode.CAUSAL || settings.mode() == Mode.AUTO) && written.containsKey(node)
                && !withoutGtids.contains(node);
    }

    /** The GTID position a replica of {@code node} must reach, null until learned. */
    String target(String node) {
        Written w = written.get(node);
        return w == null ? null : w.target;
    }

    /** The primary's position after the write; empty when it keeps no GTIDs. */
    void target(String node, String position) {
        Written w = written.get(node);
        if (w == null) {
            return;
        }
        if (position == null || position.isBlank()) {
            written.remove(node);
            withoutGtids.add(node);
            return;
        }
        if (w.target == null) {
            w.target = position;
        }
    }

    /** Whether {@code replica} (host:port) was seen to have applied the node's last write. */
    boolean confirmed(String node, String replica) {
        Written w = written.get(node);
        return w == null || w.target != null && w.target.equals(w.confirmed.get(replica));
    }

    /** {@code replica} applied {@code position}. */
    void confirm(String node, String replica, String position) {
        Written w = written.get(node);
        if (w != null && position.equals(w.target)) {
            w.confirmed.put(replica, position);
            w.behind.remove(replica);
        }
    }
}
