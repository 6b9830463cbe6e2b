package io.shardgate.proxy.execute;

import io.shardgate.config.ProxySettings;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.session.Session;
import io.shardgate.router.sql.Words;
import java.time.Duration;
import java.util.Locale;

/**
 * How long one statement may wait for its backends, and what the client is told when one does not answer in
 * time. The limit runs on the proxy's clock ({@link StatementDeadline}), whatever the backend does: a stopped
 * server or a network black hole answers nothing, and neither would a KILL QUERY sent to it.
 *
 * <ul>
 *   <li>{@link Kind#READ}: a top-level SELECT under its max execution time (hint, {@code SET max_execution_time},
 *       {@code proxy.statement-timeout}; see {@link StatementTimeouts}). The client gets MySQL's 3024.</li>
 *   <li>{@link Kind#WRITE}: every other statement but DDL (writes, SHOW, SET, PREPARE ...) under
 *       {@code proxy.write-timeout}. A backend that does not answer cannot say whether it applied the write:
 *       the client gets 2013 saying the outcome is unknown.</li>
 *   <li>{@link Kind#COMMIT}: like WRITE; the outcome of a COMMIT that got no answer is unknown too, never
 *       "rolled back".</li>
 *   <li>{@link Kind#DDL}: CREATE, ALTER, DROP, TRUNCATE, RENAME under {@code proxy.ddl-timeout}, none by
 *       default: an ALTER TABLE may rightly run for hours, and cutting it off leaves it running on the server
 *       anyway.</li>
 * </ul>
 *
 * <p>Inside a transaction, a READ or WRITE whose connection had to be closed took the transaction with it
 * (the server rolls back what a closed connection left open): the client is told so.
 *
 * @param limit zero for none
 */
public record StatementBound(Kind kind, Duration limit) {

    public enum Kind { READ, WRITE, COMMIT, DDL }

    /** No limit: the statement waits for its backends as long as they take. */
    public static final StatementBound NONE = new StatementBound(Kind.WRITE, Duration.ZERO);

    /** The bound of {@code sql}, the statement as routed to a backend (or the client's text for local ones). */
    public static StatementBound of(String sql, Session session, ProxySettings settings) {
        Kind kind = kindOf(sql);
        Duration limit = switch (kind) {
            case READ -> StatementTimeouts.of(sql, session, settings.statementTimeout());
            case WRITE, COMMIT -> settings.writeTimeout();
            case DDL -> settings.ddlTimeout();
        };
        return new StatementBound(kind, limit);
    }

    private static final String[] READS = {"SELECT", "WITH", "("};
    private static final String[] DDL = {"CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME"};
    private static final String[] COMMIT = {"COMMIT"};
    private static final String[] XA = {"XA"};

    /**
     * DDL that commits the open transaction first, as on MySQL: every DDL statement but those on temporary tables
     * ({@code CREATE TEMPORARY TABLE}, {@code DROP TEMPORARY TABLE}).
     */
    public static boolean commitsImplicitly(String sql) {
        return sql != null && kindOf(sql) == Kind.DDL && !Words.contains(sql, "TEMPORARY");
    }

    static Kind kindOf(String sql) {
        if (StatementTimeouts.startsWithKeyword(sql, READS)) {
            return Kind.READ;
        }
        if (StatementTimeouts.startsWithKeyword(sql, DDL)) {
            return Kind.DDL;
        }
        if (StatementTimeouts.startsWithKeyword(sql, COMMIT)) {
            return Kind.COMMIT;
        }
        if (StatementTimeouts.startsWithKeyword(sql, XA)) {
            return sql.toUpperCase(Locale.ROOT).contains("COMMIT") ? Kind.COMMIT : Kind.WRITE;
        }
        return Kind.WRITE;
    }

    public boolean isNone() {
        return limit.isZero();
    }

    /**
     * Whether an ERR the backend sends after the deadline (its answer to KILL QUERY, 1317) reaches the client
     * as 3024, MySQL's own max_execution_time error. Writes keep the backend's answer: it says the statement
     * was interrupted, so its outcome is known.
     */
    public boolean answersTimeout() {
        return kind == Kind.READ;
    }

    /** The answer when the time ran out before the statement could be sent (waiting for a connection). */
    public ErrPacket notSent(String node) {
        if (kind == Kind.READ) {
            return MysqlError.QUERY_TIMEOUT.toPacket();
        }
        return MysqlError.UNKNOWN_ERROR.toPacket("shardgate: no usable connection to node '" + node + "' within "
                + limit.toMillis() + " ms (" + setting() + "); the statement was not sent");
    }

    /**
     * The answer when the connection to {@code backend} (host:port) was closed because it did not answer in
     * time.
     *
     * @param inTransaction the connection held the session's open transaction
     */
    public ErrPacket abandoned(String backend, boolean inTransaction) {
        String noAnswer = "no answer within " + limit.toMillis() + " ms (" + setting() + ")";
        if (inTransaction && (kind == Kind.READ || kind == Kind.WRITE)) {
            return transactionLost(backend, ": " + noAnswer + ", so shardgate closed the connection");
        }
        if (kind == Kind.READ) {
            return MysqlError.QUERY_TIMEOUT.toPacket();
        }
        return MysqlError.BACKEND_LOST.toPacketSaying(MysqlError.BACKEND_LOST.message(backend) + ": " + noAnswer
                + "; shardgate closed the connection, and whether the statement took effect is unknown");
    }

    /**
     * 2013 for a connection that held the session's transaction and is gone (closed by its server, or by the
     * proxy because it did not answer): the server rolled the transaction back.
     *
     * @param why appended to "inside a transaction", e.g. ": no answer within ..."; may be empty
     */
    public static ErrPacket transactionLost(String backend, String why) {
        return MysqlError.BACKEND_LOST.toPacketSaying("Lost connection to backend " + backend
                + " inside a transaction" + why + "; the transaction was rolled back");
    }

    private String setting() {
        return switch (kind) {
            case READ -> "the statement's max execution time";
            case WRITE, COMMIT -> "proxy.write-timeout";
            case DDL -> "proxy.ddl-timeout";
        };
    }
}
