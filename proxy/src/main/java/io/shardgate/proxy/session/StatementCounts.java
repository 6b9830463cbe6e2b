package io.shardgate.proxy.session;

/**
 * Where {@code ROW_COUNT()} and {@code FOUND_ROWS()} find their answer: they describe the session's previous
 * statement, which a session spread over several backend connections may have run anywhere. A statement
 * that ran on one backend connection leaves the answer there, so its node and role are kept and the
 * functions are asked of that connection; one the proxy ran across shards leaves it with the proxy (the
 * affected rows it summed, -1 after a result set or an error), which answers {@code ROW_COUNT()} itself,
 * and after a merged cross-shard SELECT the number of rows it returned, which is {@code FOUND_ROWS()}.
 *
 * <p>The runner calls {@link #next} as each statement starts, and the statement's path records where it
 * ran; a statement that records nothing (SET, BEGIN ...) ran on the default node's primary, as the proxy
 * applies those there. A response forwarded from one connection is counted as it passes ({@link #affected},
 * {@link #resultRows}), so the functions are answered by the proxy even after that connection went back to the
 * pool (multiplexing); only {@code SQL_CALC_FOUND_ROWS} leaves {@code FOUND_ROWS()} with the connection. A
 * statement that returns no result set leaves {@code FOUND_ROWS()} as it was, as on the server.
 * Confined to the session's event loop.
 */
public final class StatementCounts {

    /** The proxy does not know the row count: a backend connection does. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private String node;
    private boolean primary = true;
    private long rowCount = UNKNOWN;
    private long foundRows = UNKNOWN;
    private String previousNode;
    private boolean previousPrimary = true;
    private long previousRowCount = UNKNOWN;
    private long previousFoundRows = UNKNOWN;
    /** The current statement's FOUND_ROWS() is the connection's (SQL_CALC_FOUND_ROWS), even though rows passed. */
    private boolean foundRowsOnConnection;
    private int warnings;
    /** Result rows of the current statement forwarded to the client (digests and the slow log). */
    private long rowsSent;

    /** A new statement starts: the one before becomes the previous statement. */
    public void next() {
        previousNode = node;
        previousPrimary = primary;
        previousRowCount = rowCount;
        if (foundRows != UNKNOWN || foundRowsOnConnection || node != null && rowCount == UNKNOWN) {
            previousFoundRows = foundRows; // else no result set: FOUND_ROWS() stays
        }
        node = null;
        primary = true;
        rowCount = UNKNOWN;
        foundRows = UNKNOWN;
        foundRowsOnConnection = false;
        warnings = 0;
        rowsSent = 0;
    }

    /** The current statement's connection answered OK: {@code ROW_COUNT()} is its affected rows. */
    public void affected(long rows, int warnings) {
        this.rowCount = rows;
        this.warnings = warnings;
    }

    /** The current statement's connection sent a result set of {@code rows} rows. */
    public void resultRows(long rows, int warnings) {
        this.rowCount = -1;
        this.foundRows = foundRowsOnConnection ? UNKNOWN : rows;
        this.warnings = warnings;
        this.rowsSent += rows;
    }

    /** The current statement's connection answered with an error: {@code ROW_COUNT()} is -1. */
    public void failed() {
        this.rowCount = -1;
    }

    /** The current statement asked for SQL_CALC_FOUND_ROWS: only its connection knows {@code FOUND_ROWS()}. */
    public void foundRowsOnConnection() {
        foundRowsOnConnection = true;
        foundRows = UNKNOWN;
    }

    /** Warnings the current statement's connection reported: {@code SHOW WARNINGS} must reach it. */
    public int warnings() {
        return warnings;
    }

    /** Result rows of the current statement sent to the client so far. */
    public long rowsSent() {
        return rowsSent;
    }

    /** The current statement runs on one backend connection, which will know its counts. */
    public void ranOn(String node, boolean primary) {
        this.node = node;
        this.primary = primary;
        this.rowCount = UNKNOWN;
    }

    /** The proxy ran (or answered) the current statement: {@code ROW_COUNT()} of it is {@code rowCount}. */
    public void counted(long rowCount) {
        this.node = null;
        this.primary = true;
        this.rowCount = rowCount;
    }

    /** The current statement was a SELECT whose merged result the proxy wrote: {@code rows} rows. */
    public void returned(long rows) {
        this.foundRows = rows;
        this.rowsSent = rows;
    }

    /** The node whose connection runs the current statement, or null (the default node, or the proxy). */
    public String currentNode() {
        return node;
    }

    /** The previous statement's {@code FOUND_ROWS()} when the proxy knows it, else {@link #UNKNOWN}. */
    public long previousFoundRows() {
        return previousFoundRows;
    }

    /** The previous statement's {@code ROW_COUNT()} when the proxy knows it, else {@link #UNKNOWN}. */
    public long previousRowCount() {
        return previousRowCount;
    }

    /** The node whose connection ran the previous statement, or null for the default node. */
    public String previousNode() {
        return previousNode;
    }

    /** Whether that connection is the node's primary connection. */
    public boolean previousPrimary() {
        return previousPrimary;
    }

    /** COM_RESET_CONNECTION / COM_CHANGE_USER: nothing ran yet. */
    public void clear() {
        node = null;
        previousNode = null;
        primary = true;
        previousPrimary = true;
        rowCount = UNKNOWN;
        previousRowCount = UNKNOWN;
        foundRows = UNKNOWN;
        previousFoundRows = UNKNOWN;
        foundRowsOnConnection = false;
        warnings = 0;
    }
}
