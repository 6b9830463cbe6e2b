package io.shardgate.proxy.execute.plan;

import io.shardgate.proxy.execute.ClientStream;
import io.shardgate.proxy.execute.LocalResult;
import io.shardgate.proxy.execute.ResponseForwarder;
import io.shardgate.proxy.execute.StatementBound;
import io.shardgate.proxy.execute.StatementCallback;
import io.shardgate.proxy.execute.StatementDeadline;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.proxy.execute.Transactions;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.session.Session;

/**
 * A statement made atomic inside the session's transaction, as one server makes every statement: a savepoint is
 * set before it ({@link #NAME}, through the coordinator, so nodes the statement joins later get it too), rolled
 * back to when the statement fails, and released either way before the client hears the answer. Without it, a
 * write over several shards that fails on one would leave the other shards' rows in the transaction, for a COMMIT
 * to keep.
 */
record StatementSavepoint(StatementOutput delegate, Transactions transactions) implements StatementOutput {

    /** The savepoint's name, quoted: one a client is unlikely to use. */
    static final String NAME = "`shardgate_statement`";

    @Override
    public void ok(OkPacket ok) {
        transactions.savepoint(Transactions.SavepointAction.RELEASE, NAME).whenComplete((x, failure) -> delegate.ok(ok));
    }

    @Override
    public void error(ErrPacket err) {
        transactions.savepoint(Transactions.SavepointAction.ROLLBACK_TO, NAME)
                .thenCompose(x -> transactions.savepoint(Transactions.SavepointAction.RELEASE, NAME))
                .whenComplete((x, failure) -> delegate.error(err));
    }

    @Override
    public ResponseForwarder forwarder() {
        return delegate.forwarder();
    }

    @Override
    public void result(LocalResult result) {
        delegate.result(result);
    }

    @Override
    public Session session() {
        return delegate.session();
    }

    @Override
    public ClientStream stream() {
        return delegate.stream();
    }

    @Override
    public boolean moreFollows() {
        return delegate.moreFollows();
    }

    @Override
    public StatementCallback callback() {
        return delegate.callback();
    }

    @Override
    public boolean binaryRows() {
        return delegate.binaryRows();
    }

    @Override
    public StatementDeadline deadline() {
        return delegate.deadline();
    }

    @Override
    public StatementBound bound() {
        return delegate.bound();
    }
}
