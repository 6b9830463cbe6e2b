package io.shardgate.proxy.execute;

/**
 * How a statement's execution reports back to the command loop, always on the client's event loop.
 * Exactly one of the two methods is called, once.
 */
public interface StatementCallback {

    /**
     * The statement's response went out (OK, result set or ERR from a backend).
     *
     * @param failed true when the client got an ERR: a multi-statement query stops there
     */
    void done(boolean failed);

    /** The connection cannot continue (a half-written response, a lost backend mid-result): close it. */
    void fatal(Throwable cause);
}
