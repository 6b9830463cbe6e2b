package io.shardgate.proxy.execute.scatter;

import io.shardgate.proxy.execute.PlanRunner;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.router.merge.RowStreamException;

/**
 * The errors a shard's result can end a merge with, in one place so their codes and wording stay
 * consistent: the backend's own ERR passes through unchanged; what the proxy detects itself is 1105
 * (ER_UNKNOWN_ERROR) naming the backend, a lost connection 2013 as in {@link MysqlError#BACKEND_LOST}.
 */
final class ShardErrors {

    private ShardErrors() {
    }

    /** The backend's ERR, as the client would have received it from that server. */
    static RowStreamException backend(ErrPacket err) {
        return new RowStreamException(err.errorCode(), err.sqlState(), err.message());
    }

    /**
     * The connection broke; when the proxy abandoned it on its own clock (a timeout), the failure carries the
     * client's answer, which is kept.
     */
    static RowStreamException lost(String backend, Throwable cause) {
        ErrPacket answer = PlanRunner.answerOf(cause);
        if (answer != null) {
            return backend(answer);
        }
        return new RowStreamException(MysqlError.BACKEND_LOST.code(), MysqlError.BACKEND_LOST.sqlState(),
                MysqlError.BACKEND_LOST.message(backend) + ": " + cause.getMessage());
    }


    static RowStreamException noResultSet(String backend) {
        return proxy(backend + " answered a cross-shard read without a result set");
    }

    static RowStreamException endedBeforeColumns(String backend) {
        return proxy("the result from " + backend + " ended before its column definitions");
    }

    static RowStreamException unreadable(String backend, String problem) {
        return proxy("unreadable response from " + backend + ": " + problem);
    }

    static RowStreamException widthMismatch(String backend, int width, int expected) {
        return proxy(backend + " returned " + width + " columns where the first shard returned " + expected
                + "; do the physical tables differ?");
    }

    /** The statement ran past its max execution time (3024, as MySQL's max_execution_time answers). */
    static RowStreamException timedOut() {
        return new RowStreamException(MysqlError.QUERY_TIMEOUT.code(), MysqlError.QUERY_TIMEOUT.sqlState(),
                MysqlError.QUERY_TIMEOUT.message());
    }

    /** A failure the proxy found rather than a backend reported. */
    static RowStreamException proxy(String message) {
        return new RowStreamException(MysqlError.UNKNOWN_ERROR.code(), MysqlError.UNKNOWN_ERROR.sqlState(),
                "shardgate: " + message);
    }
}
