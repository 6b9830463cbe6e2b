package io.shardgate.proxy.execute.plan;

import io.shardgate.proxy.execute.DelegatingOutput;
import io.shardgate.proxy.execute.LocalResult;
import io.shardgate.proxy.execute.ResponseForwarder;
import io.shardgate.proxy.execute.StatementBound;
import io.shardgate.proxy.execute.StatementCallback;
import io.shardgate.proxy.execute.StatementDeadline;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.OkPacket;

/**
 * A statement's output under a {@link StatementBound}: whatever answers the client (OK, ERR, a local result, a
 * forwarded response, a merge's callback) ends the statement's deadline first, so its timer never reaches into
 * the session's next statement; a forwarded response passes through {@link TimedResponse}.
 */
final class BoundedOutput implements DelegatingOutput {

    private final StatementOutput delegate;
    private final StatementBound bound;
    private final StatementDeadline deadline;
    private final StatementCallback callback;

    BoundedOutput(StatementOutput delegate, StatementBound bound, StatementDeadline deadline) {
        this.delegate = delegate;
        this.bound = bound;
        this.deadline = deadline;
        StatementCallback inner = delegate.callback();
        this.callback = new StatementCallback() {
            @Override
            public void done(boolean failed) {
                deadline.end();
                inner.done(failed);
            }

            @Override
            public void fatal(Throwable cause) {
                deadline.end();
                inner.fatal(cause);
            }
        };
    }

    @Override
    public StatementOutput delegate() {
        return delegate;
    }

    @Override
    public StatementDeadline deadline() {
        return deadline;
    }

    @Override
    public StatementBound bound() {
        return bound;
    }

    @Override
    public ResponseForwarder forwarder() {
        return delegate.forwarder().via(h -> TimedResponse.around(h, deadline, bound));
    }

    @Override
    public void ok(OkPacket ok) {
        deadline.end();
        delegate.ok(ok);
    }

    @Override
    public void error(ErrPacket err) {
        deadline.end();
        delegate.error(err);
    }

    @Override
    public void result(LocalResult result) {
        deadline.end();
        delegate.result(result);
    }

    @Override
    public StatementCallback callback() {
        return callback;
    }
}
