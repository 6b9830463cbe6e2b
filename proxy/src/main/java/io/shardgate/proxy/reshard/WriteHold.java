package io.shardgate.proxy.reshard;

import io.shardgate.router.sql.Words;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The statement path's side of a reshard: which statements mention the moving tables, how many of them are
 * running, and, during the cutover, the gate that makes new ones wait.
 *
 * <p>Idle (no reshard), a statement costs one volatile read. While a reshard runs ({@link #arm}), a statement whose
 * text names a moving table (a case-insensitive search, so a string or comment naming it counts too: it only waits
 * a little longer) is counted from start to answer, so the cutover knows when none planned on the old layout is
 * still on its way to a backend. While the cutover holds ({@link #close}), such statements wait, without a thread,
 * until it {@link #open}s the gate again; they are then planned anew, on whatever layout is running. The cutover
 * keeps the wait within its limit (it gives up at its deadline); the gate also opens by itself
 * {@link #SAFETY_MILLIS} after that, in case the cutover's thread is gone.
 */
public final class WriteHold {

    /** What a statement does at the gate: run now (counted or not), or wait for the future, then ask again. */
    public sealed interface Pass {
        /** Not about a moving table, or no reshard running: nothing to count. */
        Pass FREE = new Free();

        record Free() implements Pass {
        }

        /** Runs now; call {@link WriteHold#finished} once it answered. */
        record Counted() implements Pass {
        }

        record Wait(CompletableFuture<Void> opened) implements Pass {
        }
    }

    private static final Pass.Counted COUNTED = new Pass.Counted();

    /**
     * How long past its limit a closed gate opens by itself. Only a lost cutover thread needs it: a gate that opened
     * while the cutover still worked would let statements planned on the old layout wait on its table locks and
     * write the old tables after the switch.
     */
    static final long SAFETY_MILLIS = 30_000;

    /** A cutover that switched: the tables it moved, and its number (1, 2, ...). */
    private record Switch(long number, List<String> words) {
    }

    private final long safetyMillis;
    private volatile List<String> words = List.of();
    private volatile List<Switch> switches = List.of();
    private volatile CompletableFuture<Void> gate;
    private final AtomicInteger running = new AtomicInteger();

    public WriteHold() {
        this(SAFETY_MILLIS);
    }

    WriteHold(long safetyMillis) {
        this.safetyMillis = safetyMillis;
    }

    /** From now on, statements naming one of {@code tables} (logical names) are counted. */
    public void arm(List<String> tables) {
        words = tables.stream().map(t -> t.toUpperCase(Locale.ROOT)).toList();
    }

    /** The reshard ended (done, failed or cancelled): statements run free again. */
    public void disarm() {
        words = List.of();
        open();
    }

    /** The gate's answer for a statement's text. */
    public Pass enter(String sql) {
        List<String> w = words;
        if (w.isEmpty() || !mentions(sql, w)) {
            return Pass.FREE;
        }
        CompletableFuture<Void> g = gate;
        if (g != null) {
            return new Pass.Wait(g);
        }
        running.incrementAndGet();
        g = gate;
        if (g != null) { // closed in between: the cutover may have seen zero running already
            running.decrementAndGet();
            return new Pass.Wait(g);
        }
        return COUNTED;
    }

    /** A {@link Pass.Counted} statement answered (or failed). */
    public void finished() {
        running.decrementAndGet();
    }

    /** Counted statements now running. */
    public int running() {
        return running.get();
    }

    /** New statements naming a moving table wait from now on, until {@link #open} (see {@link #SAFETY_MILLIS}). */
    public void close(long limitMillis) {
        CompletableFuture<Void> g = new CompletableFuture<>();
        g.completeOnTimeout(null, limitMillis + safetyMillis, TimeUnit.MILLISECONDS);
        g.whenComplete((x, e) -> {
            if (gate == g) {
                gate = null;
            }
        });
        gate = g;
    }

    /** Lets the waiting statements go (they are planned again, on the layout running now). */
    public void open() {
        CompletableFuture<Void> g = gate;
        gate = null;
        if (g != null) {
            g.complete(null);
        }
    }

    public boolean closed() {
        return gate != null;
    }

    /** How many cutovers switched so far: a server-side prepared statement remembers it when prepared. */
    public long switches() {
        return switches.size();
    }

    /** A cutover switched {@code tables} (logical names) to a new layout. */
    public synchronized void switched(List<String> tables) {
        List<Switch> next = new java.util.ArrayList<>(switches);
        next.add(new Switch(next.size() + 1, tables.stream().map(t -> t.toUpperCase(Locale.ROOT)).toList()));
        switches = List.copyOf(next);
    }

    /**
     * Whether a statement prepared when {@link #switches} was {@code preparedAt} names a table a later cutover
     * moved: prepared on the old layout, it would still reach the old physical tables, so it must be prepared again.
     */
    public boolean outdated(String sql, long preparedAt) {
        List<Switch> all = switches;
        for (int i = (int) preparedAt; i < all.size(); i++) {
            if (mentions(sql, all.get(i).words())) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentions(String sql, List<String> tables) {
        for (String t : tables) {
            if (Words.contains(sql, t)) {
                return true;
            }
        }
        return false;
    }
}
