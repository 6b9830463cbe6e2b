package io.shardgate.proxy.binding;

import io.shardgate.proxy.backend.BackendConnection;
import java.util.HashMap;
import java.util.Map;

/**
 * One backend connection serving a session, and what it has been told of the session's state: the schema,
 * the SET variables (as of which version), and whether it joined the session's transaction. The session's
 * own connections (one per node and role) and the ones lent to a statement alike.
 */
final class BoundConnection {

    final BackendConnection connection;
    String schema;
    final Map<String, String> variables = new HashMap<>();
    long variablesVersion = -1;
    /** It ran BEGIN (and the savepoints set before) for the session's current transaction. */
    boolean joined;

    BoundConnection(BackendConnection connection) {
        this.connection = connection;
    }

    /** It forgets what it was told, but the schema (COM_RESET_CONNECTION ran on it, which keeps that). */
    void forget() {
        variables.clear();
        variablesVersion = -1;
        joined = false;
    }
}
