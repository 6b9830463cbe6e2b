package io.shardgate.proxy.execute;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The max execution time of one statement (MySQL's {@code max_execution_time}): a timer on the client's
 * event loop that, when it fires before the statement {@link #end() ended}, runs the action the statement's
 * executor registered (stop the backends, answer 3024). Runs the action at most once.
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
    private Runnable action;

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
     * What to do when the time is up, replacing what was registered before; runs at once when it already
     * is (and the statement has not ended).
     */
    public void onExpiry(Runnable whenExpired) {
        if (this == NONE) {
            return;
        }
        boolean now;
        synchronized (this) {
            action = whenExpired;
            now = expired && !ended;
        }
        if (now) {
            whenExpired.run();
        }
    }

    /** The time is up: runs the registered action unless the statement already ended. The timer calls it. */
    public void expire() {
        if (this == NONE) {
            return;
        }
        Runnable run;
        synchronized (this) {
            if (expired || ended) {
                return;
            }
            expired = true;
            run = action;
        }
        if (run != null) {
            run.run();
        }
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
            action = null;
        }
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
