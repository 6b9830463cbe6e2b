package io.shardgate.proxy.frontend;

import io.shardgate.proxy.execute.StatementCallback;
import io.shardgate.proxy.observe.StatementObserver;
import io.shardgate.proxy.session.Session;
import io.shardgate.router.plan.Plan;

/**
 * One statement's callback that tells the {@link StatementObserver} (digests, metrics, slow log) before passing the
 * outcome on. The statement path notes its shape and plan as it learns them (a text statement while planning, on a
 * virtual thread for lookup schemas, which hands over to the event loop before the statement can end).
 */
final class ObservedStatement implements StatementCallback {

    private final Session session;
    private final StatementObserver observer;
    private final StatementCallback next;
    private String shape;
    private Plan plan;

    ObservedStatement(Session session, StatementObserver observer, StatementCallback next) {
        this.session = session;
        this.observer = observer;
        this.next = next;
    }

    void shape(String shape) {
        this.shape = shape;
    }

    void plan(Plan plan) {
        this.plan = plan;
    }

    @Override
    public void done(boolean failed) {
        observe(failed);
        next.done(failed);
    }

    @Override
    public void fatal(Throwable cause) {
        observe(true);
        next.fatal(cause);
    }

    private void observe(boolean failed) {
        long nanos = System.nanoTime() - session.statementStartedNanos();
        // rows are the current statement's only once it was planned (planning failures count none)
        observer.completed(session, shape, plan, nanos, failed, plan == null ? 0 : session.counts().rowsSent());
    }
}
