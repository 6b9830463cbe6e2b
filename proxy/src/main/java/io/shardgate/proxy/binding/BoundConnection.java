package io.shardgate.proxy.binding;

import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.session.SessionVariables;
import io.shardgate.proxy.xa.Xid;
import java.util.Map;

/**
 * One backend connection serving a session, and what it has been told of the session's state: the schema,
 * the SET variables (as of which version), and whether it joined the session's transaction. The session's
 * own connections (one per node and role) and the ones lent to a statement alike.
 */
final class BoundConnection {

    final BackendConnection connection;
    /** The node it reaches, and whether on its primary (null for a connection lent to one statement). */
    final String node;
    final boolean primary;
    String schema;
    /** Immutable: replaced, never changed, so that remembering it on the connection copies nothing. */
    Map<String, String> variables = Map.of();
    long variablesVersion = -1;
    /** It ran BEGIN (and the savepoints set before) for the session's current transaction. */
    boolean joined;
    /** Its XA branch in the session's transaction; null when it joined with a plain BEGIN (or not at all). */
    Xid branch;
    /** A statement that may change data ran on it in the session's transaction. */
    boolean wrote;

    /**
     * What a connection was last told, kept on it between sessions ({@code ConnectionState.synced}).
     *
     * @param owner the session variables it was synced to, as of {@code version}: when the same session takes it
     *     again with nothing changed, the sync has nothing to compare
     */
    record Synced(String schema, Map<String, String> variables, SessionVariables owner, long version) {
    }

    /**
     * A connection from the pool, with what it was last told: a connection another session gave back between
     * its statements (multiplexing) still has that session's schema and SET variables, which the sync then
     * changes only where this session differs.
     *
     * @param session the variables of the session it is to serve
     */
    BoundConnection(BackendConnection connection, SessionVariables session) {
        this(connection, session, null, false);
    }

    /** One of the session's own connections, to {@code node}'s primary or a replica. */
    BoundConnection(BackendConnection connection, SessionVariables session, String node, boolean primary) {
        this.connection = connection;
        this.node = node;
        this.primary = primary;
        if (connection.state().synced() instanceof Synced s) {
            schema = s.schema();
            variables = s.variables();
            if (s.owner() == session) {
                variablesVersion = s.version();
            }
        }
    }

    /** Keeps what the connection was told on the connection itself, for whoever takes it next. */
    void remember(SessionVariables owner) {
        connection.state().synced(new Synced(schema, variables, owner, variablesVersion));
    }

    /** It forgets what it was told, but the schema (COM_RESET_CONNECTION ran on it, which keeps that). */
    void forget() {
        variables = Map.of();
        variablesVersion = -1;
        joined = false;
        branch = null;
        wrote = false;
        connection.state().forget();
        remember(null);
    }
}
