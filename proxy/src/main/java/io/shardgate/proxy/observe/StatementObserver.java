package io.shardgate.proxy.observe;

import io.shardgate.proxy.session.Session;
import io.shardgate.router.plan.Plan;

/**
 * Told of every client statement once its response is complete, on the session's event loop: digests, metrics and
 * the slow log hang here. Implementations must be cheap and must not block: they run on the statement path.
 */
@FunctionalInterface
public interface StatementObserver {

    StatementObserver NONE = (session, shape, plan, nanos, failed, rows) -> { };

    /**
     * @param shape the normalized statement (literals replaced by {@code ?}); null when the text could not be
     *     normalized
     * @param plan what ran; null when planning failed
     * @param nanos from the statement's start to its last response packet
     * @param failed the client got an ERR
     * @param rows result rows sent to the client (0 for none)
     */
    void completed(Session session, String shape, Plan plan, long nanos, boolean failed, long rows);
}
