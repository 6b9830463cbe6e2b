package io.shardgate.proxy.binding;

import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.execute.ErrorSink;
import io.shardgate.proxy.execute.SilentCommand;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.ErrorResponse;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.xa.CrashPoint;
import io.shardgate.proxy.xa.DecisionTable;
import io.shardgate.proxy.xa.TransactionEvents;
import io.shardgate.proxy.xa.TransactionEvents.Mode;
import io.shardgate.proxy.xa.TransactionEvents.Outcome;
import io.shardgate.proxy.xa.Xid;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends one transaction over the connections that took part in it, as Vitess's TxConn does with {@code commitNormal}
 * and {@code commit2PC}:
 * <ul>
 *   <li>no XA branch (one node, or {@code best-effort}): COMMIT (or ROLLBACK) on each connection, node by node;</li>
 *   <li>XA branches, at most one participant wrote: each commits in one phase ({@code XA COMMIT ... ONE PHASE});</li>
 *   <li>XA branches, several wrote: two-phase commit. Every branch ends and prepares; the decision row goes into
 *       the anchor's plain transaction (the first node the transaction used), which then commits in one phase, so
 *       the decision is durable exactly when the anchor's own writes are; then every prepared branch commits. A
 *       failed PREPARE, decision or anchor COMMIT rolls everything back; an anchor COMMIT whose answer was lost
 *       leaves the branches prepared for recovery ({@code XaRecovery}), which reads the decision. A branch whose
 *       XA COMMIT is lost after the decision is committed by recovery too: the client hears OK.</li>
 * </ul>
 * A branch that only read is committed in one phase before the others prepare (it has nothing to make durable).
 * Runs on the session's event loop; connections that may hold a prepared branch are closed, never pooled again.
 */
final class TransactionEnd {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionEnd.class);

    /** One connection of the transaction, as it stood when the transaction ended. */
    record Participant(BoundConnection bound, Xid branch, boolean wrote) {
        BackendConnection connection() {
            return bound.connection;
        }
    }

    private final List<Participant> participants;
    private final Charset charset;
    private final TransactionEvents events;
    /**
     * The session's connections: closes one whose state is unknown (it may hold a prepared branch: dropped, never
     * pooled), brings outcomes back to the session's loop, creates a missing decision table.
     */
    private final SessionBackends backends;

    TransactionEnd(List<Participant> participants, Charset charset, TransactionEvents events, SessionBackends backends) {
        this.participants = participants;
        this.charset = charset;
        this.events = events;
        this.backends = backends;
    }

    // ---------------------------------------------------------------- rollback

    CompletableFuture<Void> rollback() {
        Mode mode = participants.stream().anyMatch(p -> p.branch() != null) ? Mode.XA : Mode.ONE_NODE;
        return reported(mode, Outcome.ROLLBACK, onLoop(all(participants, this::rollback)));
    }

    private CompletableFuture<Void> rollback(Participant p) {
        if (p.branch() == null) {
            return run(p, "ROLLBACK").thenApply(x -> null);
        }
        // XA END fails when the branch already ended (or the server rolled it back): XA ROLLBACK still applies
        String xid = p.branch().sql();
        return run(p, "XA END " + xid).handle((x, f) -> null).thenCompose(x -> run(p, "XA ROLLBACK " + xid))
                .handle((x, f) -> {
                    if (f != null && !unknownXid(f)) {
                        throw new CompletionException(f);
                    }
                    return null;
                });
    }

    // ---------------------------------------------------------------- commit

    CompletableFuture<Void> commit() {
        List<Participant> branches = participants.stream().filter(p -> p.branch() != null).toList();
        long writers = participants.stream().filter(Participant::wrote).count();
        if (branches.isEmpty()) {
            Mode mode = writers > 1 ? Mode.BEST_EFFORT : Mode.ONE_NODE;
            return reported(mode, onLoop(all(participants, p -> run(p, "COMMIT").thenApply(x -> null))));
        }
        if (writers <= 1) {
            return reported(Mode.ONE_NODE, onLoop(all(participants, this::onePhase)));
        }
        Participant anchor = participants.stream().filter(p -> p.branch() == null && p.bound().primary)
                .findFirst().orElse(null);
        if (anchor == null) { // cannot happen: the first primary connection to join is the anchor
            return reported(Mode.XA, rollback().thenCompose(x -> CompletableFuture.failedFuture(new ErrorResponse(
                    MysqlError.UNKNOWN_ERROR.toPacket("shardgate lost track of the transaction's first node; "
                            + "the transaction was rolled back")))));
        }
        return reported(Mode.XA, twoPhase(anchor, branches));
    }

    private CompletableFuture<Void> onePhase(Participant p) {
        if (p.branch() == null) {
            return run(p, "COMMIT").thenApply(x -> null);
        }
        String xid = p.branch().sql();
        return run(p, "XA END " + xid).thenCompose(x -> run(p, "XA COMMIT " + xid + " ONE PHASE")).thenApply(x -> null);
    }

    private CompletableFuture<Void> twoPhase(Participant anchor, List<Participant> branches) {
        List<Participant> others = participants.stream().filter(p -> p != anchor && p.branch() == null).toList();
        List<Participant> readers = branches.stream().filter(p -> !p.wrote()).toList();
        List<Participant> writers = branches.stream().filter(Participant::wrote).toList();
        // phase one: branches that only read commit now; the others end and prepare
        List<CompletableFuture<Void>> prepared = new ArrayList<>();
        for (Participant p : writers) {
            String xid = p.branch().sql();
            prepared.add(run(p, "XA END " + xid).thenCompose(x -> run(p, "XA PREPARE " + xid)).thenApply(x -> null));
        }
        for (Participant p : readers) {
            prepared.add(onePhase(p));
        }
        CompletableFuture<Void> phaseOne = settledAll(prepared);
        CompletableFuture<Void> decided = phaseOne.handle((x, failure) -> failure)
                .thenCompose(failure -> {
                    if (failure != null) {
                        return abandon(anchor, branches, others, failure);
                    }
                    CrashPoint.XA_AFTER_PREPARE.reach();
                    String transaction = writers.getFirst().branch().transaction();
                    return decide(anchor, transaction)
                            .handle((y, insertFailure) -> insertFailure)
                            .thenCompose(insertFailure -> insertFailure != null
                                    ? abandon(anchor, branches, others, decisionFailed(anchor, insertFailure))
                                    : commitAnchor(anchor, writers, others));
                });
        return onLoop(decided);
    }

    /**
     * The decision row, inside the anchor's transaction. A node the proxy's recovery has not reached yet (the proxy
     * just started, or the node was down) may lack the table: it is created over another connection, and the INSERT
     * tried once more.
     */
    private CompletableFuture<Integer> decide(Participant anchor, String transaction) {
        return onLoop(run(anchor, DecisionTable.commit(transaction))).handle((status, failure) -> {
            ErrPacket err = failure == null ? null : ErrorSink.answerIn(failure);
            if (err == null || err.errorCode() != 1146) {
                return failure == null ? CompletableFuture.completedFuture(status)
                        : CompletableFuture.<Integer>failedFuture(failure);
            }
            return onLoop(backends.createDecisionTable(anchor.bound().node))
                    .thenCompose(x -> onLoop(run(anchor, DecisionTable.commit(transaction))));
        }).thenCompose(f -> f);
    }

    private <T> CompletableFuture<T> onLoop(CompletableFuture<T> future) {
        return backends.onLoop(future);
    }

    /** The decision is in the anchor's transaction: its COMMIT decides the whole transaction. */
    private CompletableFuture<Void> commitAnchor(Participant anchor, List<Participant> writers, List<Participant> others) {
        return run(anchor, "COMMIT").handle((x, failure) -> failure).thenCompose(failure -> {
            if (failure == null) {
                CrashPoint.XA_AFTER_DECISION.reach();
                return all(writers, this::commitPrepared).thenCompose(x -> all(others, p -> run(p, "COMMIT")
                        .handle((y, f) -> null)));
            }
            if (definite(failure)) { // the anchor's server answered: it rolled back, the decision with it
                return abandon(null, writers, others, failure);
            }
            // nobody knows whether the decision committed: the prepared branches wait for recovery to read it
            writers.forEach(p -> discard(p.bound()));
            discard(anchor.bound());
            others.forEach(p -> discard(p.bound()));
            LOG.warn("outcome of transaction {} unknown: the COMMIT of its decision on {} got no answer ({}); XA "
                    + "recovery settles its prepared branches", writers.getFirst().branch().transaction(),
                    anchor.connection().backend(), failure.getMessage());
            return CompletableFuture.failedFuture(new ErrorResponse(MysqlError.BACKEND_LOST.toPacketSaying(
                    "Lost connection to backend " + anchor.connection().backend() + " during COMMIT; the transaction's "
                            + "outcome is unknown until shardgate's XA recovery settles it (all or nothing)")));
        });
    }

    /** After the decision: a branch that does not commit now is committed by recovery. Never fails. */
    private CompletableFuture<Void> commitPrepared(Participant p) {
        return run(p, "XA COMMIT " + p.branch().sql()).handle((x, failure) -> {
            if (failure != null && !unknownXid(failure)) { // unknown: recovery committed it already
                discard(p.bound());
                LOG.warn("XA COMMIT of committed transaction's branch {} on {} failed ({}); XA recovery commits it",
                        p.branch(), p.connection().backend(), failure.getMessage());
            }
            return null;
        });
    }

    /**
     * Rolls back everything before a decision (the anchor's transaction, every branch), then fails with
     * {@code failure}; {@code anchor} null when its server rolled it back already.
     */
    private CompletableFuture<Void> abandon(Participant anchor, List<Participant> branches, List<Participant> others,
                                            Throwable failure) {
        List<Participant> rest = new ArrayList<>(branches);
        rest.addAll(others);
        if (anchor != null) {
            rest.add(anchor);
        }
        return all(rest, this::rollbackPrepared).handle((x, f) -> {
            throw failure instanceof CompletionException c ? c : new CompletionException(failure);
        });
    }

    private CompletableFuture<Void> rollbackPrepared(Participant p) {
        if (p.branch() == null) {
            return run(p, "ROLLBACK").handle((x, f) -> null);
        }
        String xid = p.branch().sql();
        // a branch whose PREPARE failed may be active, idle or gone: end it if need be, then roll it back
        return run(p, "XA END " + xid).handle((x, f) -> null).thenCompose(x -> run(p, "XA ROLLBACK " + xid))
                .handle((x, f) -> {
                    if (f != null && !unknownXid(f)) {
                        discard(p.bound()); // recovery rolls it back once old enough
                    }
                    return null;
                });
    }

    private static Throwable decisionFailed(Participant anchor, Throwable failure) {
        ErrPacket err = ErrorSink.answerIn(failure);
        if (err != null && err.errorCode() == 1146) {
            return new ErrorResponse(MysqlError.UNKNOWN_ERROR.toPacket("the XA decision table " + DecisionTable.TABLE
                    + " is missing on " + anchor.connection().backend() + " (shardgate creates it when it reaches the "
                    + "node; check the node user's CREATE privilege); the transaction was rolled back"));
        }
        if (err != null && err.errorCode() == 1062) {
            return new ErrorResponse(MysqlError.UNKNOWN_ERROR.toPacket("XA recovery rolled this transaction back "
                    + "while it was committing (proxy.xa-recovery-grace is shorter than the commit took)"));
        }
        return failure;
    }

    // ---------------------------------------------------------------- helpers

    private void discard(BoundConnection b) {
        backends.drop(b, false);
    }

    /** The server answered with an ERR (it did not commit), as opposed to an answer that never came. */
    private static boolean definite(Throwable failure) {
        ErrPacket err = ErrorSink.answerIn(failure);
        return err != null && err.errorCode() != 2013 && err.errorCode() != 2006;
    }

    /** XAER_NOTA (the branch is gone) or XA_RBROLLBACK (the server rolled it back): nothing left to undo. */
    private static boolean unknownXid(Throwable failure) {
        ErrPacket err = ErrorSink.answerIn(failure);
        return err != null && (err.errorCode() == 1397 || err.errorCode() >= 1400 && err.errorCode() <= 1403);
    }

    private CompletableFuture<Integer> run(Participant p, String sql) {
        if (!p.connection().isUsable()) {
            return CompletableFuture.failedFuture(new ErrorResponse(MysqlError.BACKEND_LOST.toPacket(
                    p.connection().backend())));
        }
        return SilentCommand.run(p.connection(), CommandPacket.query(sql, charset));
    }

    /** Runs {@code action} on every participant at once; fails with the first failure once all ended. */
    private static CompletableFuture<Void> all(List<Participant> ps,
                                               Function<Participant, CompletableFuture<?>> action) {
        List<CompletableFuture<?>> runs = new ArrayList<>(ps.size());
        for (Participant p : ps) {
            runs.add(action.apply(p));
        }
        return settledAll(runs);
    }

    /** Completes when every future did; exceptionally with the first failure. */
    private static CompletableFuture<Void> settledAll(List<? extends CompletableFuture<?>> runs) {
        return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> reported(Mode mode, CompletableFuture<Void> ending) {
        return reported(mode, Outcome.COMMIT, ending);
    }

    private CompletableFuture<Void> reported(Mode mode, Outcome outcome, CompletableFuture<Void> ending) {
        return ending.whenComplete((x, failure) -> events.transactionEnded(mode, failure == null ? outcome
                : Outcome.FAILED));
    }
}
