package io.shardgate.proxy.backend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the proxy has left on one backend connection that outlives a statement, so that the next session to use
 * it (connections go back to the pool between statements: multiplexing) pays only for the differences:
 * <ul>
 *   <li>the statements prepared on it, by their SQL text: any session preparing the same text reuses the
 *       backend statement, and at most {@link #MAX_PREPARED} stay, the least recently used closed first;</li>
 *   <li>the session state it was last synced to (schema, SET variables), opaque to this layer: the session side
 *       reads it back when it takes the connection.</li>
 * </ul>
 * COM_RESET_CONNECTION forgets both (the server closed the statements and restored its defaults). Touched only by
 * whoever holds the connection, one at a time.
 */
public final class ConnectionState {

    /** Prepared statements kept per connection; MySQL's max_prepared_stmt_count (16,382) is per server. */
    static final int MAX_PREPARED = 256;

    private final LinkedHashMap<String, Integer> prepared = new LinkedHashMap<>(16, 0.75f, true);
    /** Backend statements replaced or evicted, to close before the connection's next command. */
    private final List<Integer> toClose = new ArrayList<>();
    private Object synced;

    /** The backend statement id of {@code sql} prepared on this connection, or null. */
    public Integer preparedId(String sql) {
        return prepared.get(sql);
    }

    /**
     * Records that {@code sql} is prepared here as {@code backendId}. The backend statement it replaces, and the
     * least recently used beyond {@link #MAX_PREPARED}, are queued for closing: a PREPARE's response may still be
     * arriving, so they are closed before the connection's next command ({@link #statementsToClose}).
     */
    public void prepared(String sql, int backendId) {
        Integer previous = prepared.put(sql, backendId);
        if (previous != null && previous != backendId) {
            toClose.add(previous);
        }
        while (prepared.size() > MAX_PREPARED) {
            Map.Entry<String, Integer> eldest = prepared.entrySet().iterator().next();
            prepared.remove(eldest.getKey());
            toClose.add(eldest.getValue());
        }
    }

    /** The backend statements to close (COM_STMT_CLOSE, no answer) before the next command; the queue empties. */
    public List<Integer> statementsToClose() {
        if (toClose.isEmpty()) {
            return List.of();
        }
        List<Integer> ids = List.copyOf(toClose);
        toClose.clear();
        return ids;
    }

    /** The session state the connection was last synced to, as the session side recorded it; null for none. */
    public Object synced() {
        return synced;
    }

    public void synced(Object state) {
        this.synced = state;
    }

    /** COM_RESET_CONNECTION ran: the server closed every statement and restored its session defaults. */
    public void forget() {
        prepared.clear();
        toClose.clear();
        synced = null;
    }
}
