package io.shardgate.proxy.execute;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The max execution time of one statement (MySQL's {@code max_execution_time}): a timer on the client's
 * event loop that, when it fires before the statement {@link #end() ended}, runs the actions registered for it
 * (interrupt the backends, stop a merge). Runs each action at most once.
 *
 * <p>Threads: created and ended from any thread; the action runs on the timer's loop, or on the thread that
 * registers it when the time is already up.
 */
public final class StatementDeadline {

    private static final StatementDeadline NONE = new StatementDeadline();

    private ScheduledFuture<?> timer;
    // guarded by this
    private boolean expired;
    private boolean ended;
    private final List<Runnable> actions = new ArrayList<>(2);

    private StatementDeadline() {
    }

    /** A deadline that never expires (no timeout applies). */
    public static StatementDeadline none() {
        return NONE;
    }

    /** Expires after {@code timeout} on {@code loop}; {@link #none()} for a zero or negative timeout. */
    public static StatementDeadline after(Duration timeout, EventExecutor loop) {
        if (timeout.isZero() || timeout.isNegative()) {
            return NONE;
        }
        StatementDeadline d = new StatementDeadline();
        d.timer = loop.schedule(d::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return d;
    }

    /**
     * Also do this when the time is up (actions run in the order they were added); runs at once when it
     * already is (and the statement has not ended).
     */
    public void onExpiry(Runnable whenExpired) {
        if (this == NONE) {
            return;
        }
        boolean now;
        synchronized (this) {
            now = expired && !ended;
            if (!now) {
                actions.add(whenExpired);
            }
        }
        if (now) {
            whenExpired.run();
        }
    }

    /** The time is up: runs the registered actions unless the statement already ended. The timer calls it. */
    public void expire() {
        if (this == NONE) {
            return;
        }
        List<Runnable> run;
        synchronized (this) {
            if (expired || ended) {
                return;
            }
            expired = true;
            run = List.copyOf(actions);
            actions.clear();
        }
        run.forEach(Runnable::run);
    }

    /** True once the time ran out before the statement ended. */
    public synchronized boolean expired() {
        return expired;
    }

    /** The statement's response is complete: the timer is cancelled and the action will not run any more. */
    public void end() {
        if (this == NONE) {
            return;
        }
        synchronized (this) {
            ended = true;
            actions.clear();
        }
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
