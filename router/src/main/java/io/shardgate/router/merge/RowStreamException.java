package io.shardgate.router.merge;

/** A shard's error surfaced through a merge, with the backend's own code and SQLSTATE. */
public final class RowStreamException extends RuntimeException {

    private final int errorCode;
    private final String sqlState;

    public RowStreamException(int errorCode, String sqlState, String message) {
        super(message);
        this.errorCode = errorCode;
        this.sqlState = sqlState;
    }

    public int errorCode() {
        return errorCode;
    }

    public String sqlState() {
        return sqlState;
    }
}
