package io.shardgate.proxy.execute;

import io.shardgate.proxy.backend.BackendErrorException;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.ErrorResponse;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.router.merge.RowStreamException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place a failure becomes the ERR packet a client receives. What already is an answer keeps its
 * code, SQLSTATE and message: an {@link ErrorResponse}, a backend's own ERR (a {@link BackendErrorException}
 * from a login, a shard's error inside a merge as a {@link RowStreamException}). Anything else is a failure
 * the proxy did not expect: 1105 with its message when that is fit for a client, never a Java class name
 * ({@link MysqlError#clientText}).
 */
public final class ErrorSink {

    private ErrorSink() {
    }

    /** The client's ERR for {@code failure}. */
    public static ErrPacket toErr(Throwable failure) {
        return answer(unwrap(failure), null);
    }

    /** As {@link #toErr(Throwable)}; an unexpected failure reads "{@code whatFailed}: its message". */
    public static ErrPacket toErr(Throwable failure, String whatFailed) {
        return answer(unwrap(failure), whatFailed);
    }

    /**
     * The ERR a failure already is (a refused acquire, a connection abandoned on the proxy's clock), or null
     * for anything else.
     */
    public static ErrPacket answerIn(Throwable failure) {
        return unwrap(failure) instanceof ErrorResponse e ? e.packet() : null;
    }

    private static ErrPacket answer(Throwable t, String whatFailed) {
        return switch (t) {
            case ErrorResponse e -> e.packet();
            case BackendErrorException e -> e.error();
            case RowStreamException e -> new ErrPacket(e.errorCode(),
                    e.sqlState() != null && e.sqlState().length() == 5 ? e.sqlState() : ErrPacket.DEFAULT_SQL_STATE,
                    e.getMessage());
            default -> whatFailed == null ? MysqlError.UNKNOWN_ERROR.toPacket(MysqlError.clientText(t))
                    : MysqlError.unexpected(whatFailed, t);
        };
    }

    /** The failure inside the wrappers futures add. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
