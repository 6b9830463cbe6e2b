package io.shardgate.proxy.reshard;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The catch-up's writer: one thread that takes the transactions the {@link BinlogTail}s read, in the order each
 * node committed them, and makes the new layout hold what the old layout holds now for the keys they touched
 * ({@link RowMover#sync}). Transactions waiting together are merged into one batch (a key changed ten times is
 * re-read once), which is how it keeps up with many writers.
 *
 * <p>{@link #lock()} pauses it between batches: the verify phase re-copies a chunk under it, so a re-copy never
 * overwrites a newer change the applier already wrote.
 */
final class ChangeApplier implements AutoCloseable {

    private record Change(BinlogTail from, GtidPosition.Gtid gtid, Map<String, Set<Object>> keys, long readNanos) {
    }

    private static final int BATCH = 500;

    private final Map<String, MovingGroup.Table> tables;
    private final Map<String, TableShape> shapes;
    private final RowMover mover;
    private final LinkedBlockingQueue<Change> queue = new LinkedBlockingQueue<>();
    private final Map<BinlogTail, AtomicLong> pending = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private volatile long lastDelayNanos;
    private volatile String failure;
    private volatile boolean stopped;
    private final Thread thread;

    ChangeApplier(MovingGroup group, Map<String, TableShape> shapes, NodeLinks links) {
        Map<String, MovingGroup.Table> byName = new HashMap<>();
        group.tables().forEach(t -> byName.put(t.name(), t));
        this.tables = Map.copyOf(byName);
        this.shapes = Map.copyOf(shapes);
        this.mover = new RowMover(links);
        this.thread = Thread.ofPlatform().daemon().name("reshard-apply").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Called by a tail's reading thread, in commit order. */
    void enqueue(BinlogTail from, GtidPosition.Gtid gtid, Map<String, Set<Object>> keys) {
        pending.computeIfAbsent(from, f -> new AtomicLong()).incrementAndGet();
        queue.add(new Change(from, gtid, keys, System.nanoTime()));
    }

    /**
     * Whether every change of {@code tail} up to {@code position} is written to the new layout. Reads the tail's
     * position before the pending count: a transaction counted in the position was queued before it.
     */
    boolean caughtUp(BinlogTail tail, GtidPosition position) {
        return tail.received().reached(position) && pendingOf(tail) == 0;
    }

    long pendingOf(BinlogTail tail) {
        AtomicLong p = pending.get(tail);
        return p == null ? 0 : p.get();
    }

    long pendingTotal() {
        return queue.size();
    }

    /** Transactions applied so far. */
    long applied() {
        return applied.get();
    }

    /** Rows re-read and written so far. */
    long rowsWritten() {
        return rows.get();
    }

    /** From reading the last applied transaction in the binlog to its being written, in ms. */
    long lastDelayMillis() {
        return TimeUnit.NANOSECONDS.toMillis(lastDelayNanos);
    }

    String failure() {
        return failure;
    }

    ReentrantLock lock() {
        return lock;
    }

    private void run() {
        List<Change> batch = new ArrayList<>();
        while (!stopped) {
            try {
                Change first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                lock.lock();
                try {
                    apply(batch);
                } finally {
                    lock.unlock();
                }
                for (Change c : batch) {
                    pending.get(c.from()).decrementAndGet();
                }
                applied.addAndGet(batch.size());
                lastDelayNanos = System.nanoTime() - batch.getLast().readNanos();
                batch.clear();
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                failure = "applying binlog changes failed: " + e.getMessage();
                return;
            }
        }
    }

    private void apply(List<Change> batch) throws SQLException {
        Map<String, Set<Object>> merged = new HashMap<>();
        for (Change c : batch) {
            c.keys().forEach((table, keys) -> merged.computeIfAbsent(table, t -> new LinkedHashSet<>()).addAll(keys));
        }
        for (Map.Entry<String, Set<Object>> e : merged.entrySet()) {
            List<Object> keys = new ArrayList<>(e.getValue());
            for (int from = 0; from < keys.size(); from += BATCH) {
                rows.addAndGet(mover.sync(tables.get(e.getKey()), shapes.get(e.getKey()),
                        keys.subList(from, Math.min(keys.size(), from + BATCH))));
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        mover.close();
    }
}
