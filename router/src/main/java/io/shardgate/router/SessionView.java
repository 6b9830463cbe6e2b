package io.shardgate.router;

import io.shardgate.router.sql.SqlMode;

/**
 * What the planner needs to know about the client session: the proxy's session object implements it.
 * Read on every {@link Router#route} call, so implementations return fields, nothing computed.
 */
public interface SessionView {

    /** The current logical schema ({@code USE} / handshake database), or null when none is selected. */
    String schema();

    /** True inside an explicit transaction or with autocommit off: reads then go to the primary. */
    boolean inTransaction();

    /**
     * How the session's SQL is lexed and how values are written into SQL for it (NO_BACKSLASH_ESCAPES,
     * ANSI_QUOTES of its effective sql_mode).
     */
    default SqlMode sqlMode() {
        return SqlMode.DEFAULT;
    }

    /** The logged-in user, whose grants the router checks; null (tools, tests) checks nothing. */
    default String user() {
        return null;
    }

    /** The client's address, for access-denied messages. */
    default String remoteHost() {
        return "";
    }

    static SessionView of(String schema, boolean inTransaction) {
        return new Fixed(schema, inTransaction);
    }

    static SessionView of(String schema, boolean inTransaction, SqlMode sqlMode) {
        return new Fixed(schema, inTransaction, sqlMode);
    }

    /** An immutable view, for tools and tests. */
    record Fixed(String schema, boolean inTransaction, SqlMode sqlMode) implements SessionView {

        public Fixed(String schema, boolean inTransaction) {
            this(schema, inTransaction, SqlMode.DEFAULT);
        }
    }
}
