package io.shardgate.router.merge;

/** A shard's error surfaced through a merge, with the backend's own code and SQLSTATE. */
public final class RowStreamException extends RuntimeException {

    private final int errorCode;
    private final String sqlState;
    private final boolean endsResult;

    public RowStreamException(int errorCode, String sqlState, String message) {
        this(errorCode, sqlState, message, false);
    }

    /**
     * @param endsResult the proxy refused to go on, every connection is sound: rows already sent may be ended
     *     by this error, as a server ends a result it fails in (otherwise the client connection is closed)
     */
    public RowStreamException(int errorCode, String sqlState, String message, boolean endsResult) {
        super(message);
        this.errorCode = errorCode;
        this.sqlState = sqlState;
        this.endsResult = endsResult;
    }

    public boolean endsResult() {
        return endsResult;
    }

    public int errorCode() {
        return errorCode;
    }

    public String sqlState() {
        return sqlState;
    }
}
