package io.shardgate.router;

/**
 * What the planner needs to know about the client session: the proxy's session object implements it.
 * Read on every {@link Router#route} call, so implementations return fields, nothing computed.
 */
public interface SessionView {

    /** The current logical schema ({@code USE} / handshake database), or null when none is selected. */
    String schema();

    /** True inside an explicit transaction or with autocommit off: reads then go to the primary. */
    boolean inTransaction();

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

    /** An immutable view, for tools and tests. */
    record Fixed(String schema, boolean inTransaction) implements SessionView {
    }
}
