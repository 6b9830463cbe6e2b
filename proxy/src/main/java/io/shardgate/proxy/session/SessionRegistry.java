package io.shardgate.proxy.session;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every live client session by connection id: hands out ids (the thread id clients see), answers
 * {@code KILL id}, and counts connections against {@code max-connections}.
 */
public final class SessionRegistry {

    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, SessionHandle> sessions = new ConcurrentHashMap<>();

    /** What KILL needs from a session: stop its query, or close it; and what operators see of it. */
    public interface SessionHandle {
        Session session();

        void killQuery();

        void killConnection();

        /**
         * The session's transaction state and the backend connections it holds, read on its own event loop (the
         * only thread that may touch them), for SHOW SESSIONS.
         */
        default java.util.concurrent.CompletableFuture<Holding> holding() {
            return java.util.concurrent.CompletableFuture.completedFuture(new Holding("", java.util.List.of()));
        }
    }

    /**
     * @param transaction {@code autocommit}, {@code in transaction} or {@code autocommit off}
     * @param backends each backend connection held: {@code host:port thread <id>}
     */
    public record Holding(String transaction, java.util.List<String> backends) {
    }

    public long nextConnectionId() {
        return nextId.getAndIncrement();
    }

    public void register(SessionHandle handle) {
        sessions.put(handle.session().connectionId(), handle);
    }

    public void unregister(long connectionId) {
        sessions.remove(connectionId);
    }

    public SessionHandle find(long connectionId) {
        return sessions.get(connectionId);
    }

    public int size() {
        return sessions.size();
    }

    public Collection<SessionHandle> all() {
        return sessions.values();
    }
}
