package io.shardgate.proxy.execute;

import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.session.Session;

/**
 * A statement's output under a {@link StatementBound}: whatever answers the client (OK, ERR, a local result, a
 * forwarded response, a merge's callback) ends the statement's deadline first, so its timer never reaches into
 * the session's next statement; a forwarded response passes through {@link TimedResponse}.
 */
final class BoundedOutput implements PlanRunner.StatementOutput {

    private final PlanRunner.StatementOutput delegate;
    private final StatementBound bound;
    private final StatementDeadline deadline;
    private final StatementCallback callback;

    BoundedOutput(PlanRunner.StatementOutput delegate, StatementBound bound, StatementDeadline deadline) {
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
        return callback;
    }

    @Override
    public boolean binaryRows() {
        return delegate.binaryRows();
    }
}
