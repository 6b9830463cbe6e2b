package io.shardgate.proxy.execute.plan;

import io.shardgate.proxy.execute.DelegatingOutput;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.proxy.execute.Transactions;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.OkPacket;

/**
 * A statement made atomic inside the session's transaction, as one server makes every statement: a savepoint is
 * set before it ({@link #NAME}, through the coordinator, so nodes the statement joins later get it too), rolled
 * back to when the statement fails, and released either way before the client hears the answer. Without it, a
 * write over several shards that fails on one would leave the other shards' rows in the transaction, for a COMMIT
 * to keep.
 */
record StatementSavepoint(StatementOutput delegate, Transactions transactions) implements DelegatingOutput {

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
}
