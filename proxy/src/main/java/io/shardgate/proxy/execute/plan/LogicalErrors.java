package io.shardgate.proxy.execute.plan;

import io.shardgate.proxy.execute.ClientStream;
import io.shardgate.proxy.execute.LocalResult;
import io.shardgate.proxy.execute.LogicalTableNames;
import io.shardgate.proxy.execute.ResponseForwarder;
import io.shardgate.proxy.execute.StatementBound;
import io.shardgate.proxy.execute.StatementCallback;
import io.shardgate.proxy.execute.StatementDeadline;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.session.Session;

/**
 * A statement's output whose errors name logical tables: a shard's {@code Table 'shop.orders_0002' doesn't
 * exist} that reaches the client as an ERR the proxy writes (a write over several shards, a metadata read)
 * says {@code orders}. Forwarded responses rename in the forwarder ({@link ResponseForwarder#renaming}).
 */
record LogicalErrors(StatementOutput delegate, LogicalTableNames names) implements StatementOutput {

    @Override
    public void error(ErrPacket err) {
        delegate.error(names.rename(err));
    }

    @Override
    public ResponseForwarder forwarder() {
        return delegate.forwarder();
    }

    @Override
    public void ok(OkPacket ok) {
        delegate.ok(ok);
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
