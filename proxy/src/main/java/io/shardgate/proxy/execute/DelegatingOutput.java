package io.shardgate.proxy.execute;

import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.session.Session;

/** A {@link StatementOutput} that passes everything to {@link #delegate()}: decorators override what they change. */
public interface DelegatingOutput extends StatementOutput {

    StatementOutput delegate();

    @Override
    default ResponseForwarder forwarder() {
        return delegate().forwarder();
    }

    @Override
    default void ok(OkPacket ok) {
        delegate().ok(ok);
    }

    @Override
    default void error(ErrPacket err) {
        delegate().error(err);
    }

    @Override
    default void result(LocalResult result) {
        delegate().result(result);
    }

    @Override
    default Session session() {
        return delegate().session();
    }

    @Override
    default ClientStream stream() {
        return delegate().stream();
    }

    @Override
    default boolean moreFollows() {
        return delegate().moreFollows();
    }

    @Override
    default StatementCallback callback() {
        return delegate().callback();
    }

    @Override
    default boolean binaryRows() {
        return delegate().binaryRows();
    }

    @Override
    default StatementDeadline deadline() {
        return delegate().deadline();
    }

    @Override
    default StatementBound bound() {
        return delegate().bound();
    }
}
