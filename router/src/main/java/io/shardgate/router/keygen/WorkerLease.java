package io.shardgate.router.keygen;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The worker id a proxy of a fleet may put into ids, and until when: a lease that someone else (ZooKeeper's
 * ephemeral nodes, in the proxy) grants, renews and revokes. Pure state, no I/O, so the rules below are unit-tested.
 *
 * <p><b>Why a deadline, not just "granted until revoked".</b> The holder learns that it lost its lease from the same
 * connection that may be gone: a process paused (SIGSTOP, a long GC) or cut off past its session timeout resumes
 * with the lease still looking granted, while ZooKeeper has expired the session and given the id to another
 * instance. So every grant and renewal carries a deadline on this process's monotonic clock, computed by the granter
 * from the start of the request that proved the lease alive plus less than the session timeout: past the deadline
 * no id is made, whatever the connection says, until a renewal arrives.
 *
 * <p><b>Check, generate, check.</b> {@link LeasedIdSource} takes the {@link Term} before making ids and
 * {@link #confirm confirms} it after: a thread paused between the two (the timestamp of its ids is read in between)
 * finds the deadline passed or the term replaced, and its ids are thrown away.
 */
public final class WorkerLease {

    /**
     * One uninterrupted holding of a worker id. {@code number} changes with every grant, so a term that was lost and
     * granted again (even with the same worker id) is a different term.
     */
    public record Term(int workerId, long number, long validUntilNanos, String whyNone) {

        boolean held() {
            return workerId >= 0;
        }
    }

    private final LongSupplier nanos;
    private final AtomicReference<Term> term;

    /** A lease on {@link System#nanoTime()}, not held until the first {@link #grant}. */
    public WorkerLease() {
        this(System::nanoTime);
    }

    public WorkerLease(LongSupplier nanos) {
        this.nanos = nanos;
        this.term = new AtomicReference<>(new Term(-1, 0, Long.MIN_VALUE, "no worker id is leased yet"));
    }

    /** A new term: {@code workerId} may be used until {@code validUntilNanos}. Returns the term's number. */
    public long grant(int workerId, long validUntilNanos) {
        if (workerId < 0 || workerId > SnowflakeGenerator.MAX_WORKER_ID) {
            throw new IllegalArgumentException("worker id must be 0.." + SnowflakeGenerator.MAX_WORKER_ID);
        }
        while (true) {
            Term t = term.get();
            Term next = new Term(workerId, t.number() + 1, validUntilNanos, null);
            if (term.compareAndSet(t, next)) {
                return next.number();
            }
        }
    }

    /** Moves the deadline of term {@code number} later; false when that term is over (revoked or replaced). */
    public boolean renew(long number, long validUntilNanos) {
        while (true) {
            Term t = term.get();
            if (t.number() != number || !t.held()) {
                return false;
            }
            if (validUntilNanos - t.validUntilNanos() <= 0
                    || term.compareAndSet(t, new Term(t.workerId(), number, validUntilNanos, null))) {
                return true;
            }
        }
    }

    /** Ends the current term at once; {@code why} is what id requests are told until the next grant. */
    public void revoke(String why) {
        while (true) {
            Term t = term.get();
            if (term.compareAndSet(t, new Term(-1, t.number() + 1, Long.MIN_VALUE, why))) {
                return;
            }
        }
    }

    /** The term in force, for making ids now; throws when none is (never granted, revoked, or past its deadline). */
    public Term valid() {
        Term t = term.get();
        if (!t.held()) {
            throw new NoWorkerIdException(t.whyNone());
        }
        if (nanos.getAsLong() - t.validUntilNanos() >= 0) {
            throw new NoWorkerIdException("the worker-id lease could not be renewed in time (no answer from "
                    + "ZooKeeper)");
        }
        return t;
    }

    /** After making ids under {@code t}: throws unless {@code t} is still the term in force and within its deadline. */
    public void confirm(Term t) {
        Term now = valid();
        if (now.number() != t.number()) {
            throw new NoWorkerIdException("the worker-id lease changed while ids were made");
        }
    }

    /** The worker id held now (within its deadline), or -1. For reports, not for making ids. */
    public int workerId() {
        Term t = term.get();
        return t.held() && nanos.getAsLong() - t.validUntilNanos() < 0 ? t.workerId() : -1;
    }

    /** The term as it stands, for the granter and for reports. */
    public Term current() {
        return term.get();
    }
}
