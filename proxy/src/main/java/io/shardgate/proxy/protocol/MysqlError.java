package io.shardgate.proxy.protocol;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every error code shardgate itself sends to clients, with its SQLSTATE and message template
 * (String.format, placeholders as in MySQL's own messages). Errors a backend returns are forwarded
 * unchanged and are not listed here. docs/error-codes.md is written from this table: change both.
 *
 * <p>Lost backends use 2013 (CR_SERVER_LOST's code, familiar to every MySQL user) with SQLSTATE
 * HY000 rather than 08S01: the client's own connection to the proxy is still healthy, and pools
 * such as HikariCP evict a connection on any 08xxx state.
 */
public enum MysqlError {
    CON_COUNT_ERROR(1040, "08004", "Too many connections"),
    HANDSHAKE_ERROR(1043, "08S01", "Bad handshake"),
    DBACCESS_DENIED(1044, "42000", "Access denied for user '%s'@'%s' to database '%s'"),
    ACCESS_DENIED(1045, "28000", "Access denied for user '%s'@'%s' (using password: %s)"),
    NO_DB_ERROR(1046, "3D000", "No database selected"),
    UNKNOWN_COM_ERROR(1047, "08S01", "Unknown command"),
    BAD_DB_ERROR(1049, "42000", "Unknown database '%s'"),
    PARSE_ERROR(1064, "42000", "You have an error in your SQL syntax; %s"),
    NO_SUCH_THREAD(1094, "HY000", "Unknown thread id: %d"),
    KILL_DENIED(1095, "HY000", "You are not owner of thread %d"),
    UNKNOWN_ERROR(1105, "HY000", "%s"),
    HOST_IS_BLOCKED(1129, "HY000", "Host '%s' is blocked for %d s because of many failed logins"),
    HOST_NOT_PRIVILEGED(1130, "HY000", "Host '%s' is not allowed to connect to this MySQL server"),
    TABLE_ACCESS_DENIED(1142, "42000", "%s command denied to user '%s'@'%s' for table '%s'"),
    NO_SUCH_TABLE(1146, "42S02", "Table '%s.%s' doesn't exist"),
    NOT_ALLOWED_COMMAND(1148, "42000", "%s"),
    NET_PACKET_TOO_LARGE(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes"),
    NET_PACKETS_OUT_OF_ORDER(1156, "08S01", "Got packets out of order"),
    NET_READ_ERROR(1158, "08S01", "Got an error reading communication packets"),
    NET_READ_INTERRUPTED(1159, "08S01", "Got timeout reading communication packets"),
    NET_ERROR_ON_WRITE(1160, "08S01", "Got an error writing communication packets"),
    NET_WRITE_INTERRUPTED(1161, "08S01", "Got timeout writing communication packets"),
    NEW_ABORTING_CONNECTION(1184, "08S01", "Aborted connection %d to db: '%s' user: '%s' host: '%s' (%s)"),
    UNKNOWN_SYSTEM_VARIABLE(1193, "HY000", "Unknown system variable '%s'"),
    TOO_MANY_USER_CONNECTIONS(1203, "42000", "User %s already has more than 'max_user_connections' active connections"),
    WRONG_ARGUMENTS(1210, "HY000", "Incorrect arguments to %s"),
    SPECIFIC_ACCESS_DENIED(1227, "42000", "Access denied; you need (at least one of) the %s privilege(s) for this operation"),
    WRONG_TYPE_FOR_VAR(1232, "42000", "Incorrect argument type to variable '%s'"),
    NOT_SUPPORTED_YET(1235, "42000", "This version of shardgate doesn't yet support '%s'"),
    UNKNOWN_STMT_HANDLER(1243, "HY000", "Unknown prepared statement handler (%s) given to %s"),
    NOT_SUPPORTED_AUTH_MODE(1251, "08004",
            "Client does not support authentication protocol requested by server; consider upgrading MySQL client"),
    UNSUPPORTED_PS(1295, "HY000", "This command is not supported in the prepared statement protocol yet"),
    QUERY_INTERRUPTED(1317, "70100", "Query execution was interrupted"),
    PROC_ACCESS_DENIED(1370, "42000", "%s command denied to user '%s'@'%s' for routine '%s'"),
    CONNECTION_KILLED(1927, "70100", "Connection was killed"),
    BACKEND_LOST(2013, "HY000", "Lost connection to backend %s during query"),
    QUERY_TIMEOUT(3024, "HY000", "Query execution was interrupted, maximum statement execution time exceeded");

    /** A package-qualified Java name ({@code java.lang.NullPointerException}, {@code io.shardgate.x.Y}). */
    private static final Pattern JAVA_NAME = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+\\.[A-Z][A-Za-z0-9_$]*");

    /** What a client is told instead of a message that would name the proxy's own classes. */
    public static final String INTERNAL_ERROR_TEXT = "an internal error (the proxy's log has the details)";

    private final int code;
    private final String sqlState;
    private final String template;

    MysqlError(int code, String sqlState, String template) {
        this.code = code;
        this.sqlState = sqlState;
        this.template = template;
    }

    public int code() {
        return code;
    }

    public String sqlState() {
        return sqlState;
    }

    public String template() {
        return template;
    }

    /** The message with {@code args} filled in. */
    public String message(Object... args) {
        return args.length == 0 ? template : String.format(Locale.ROOT, template, args);
    }

    /**
     * 1105 for a failure the proxy did not expect: {@code what} failed, and why in words a client can use. The
     * messages of the JDK's bug exceptions (null pointers, bad casts, indexes) and any message naming a Java
     * class say nothing to a client and leak internals: those become {@link #INTERNAL_ERROR_TEXT}, the trace
     * stays in the proxy's log.
     */
    public static ErrPacket unexpected(String what, Throwable failure) {
        return UNKNOWN_ERROR.toPacket(what + ": " + clientText(failure));
    }

    /** The failure's message when it is fit for a client, else {@link #INTERNAL_ERROR_TEXT}. */
    public static String clientText(Throwable failure) {
        String message = failure == null ? null : failure.getMessage();
        boolean bug = failure instanceof NullPointerException || failure instanceof ClassCastException
                || failure instanceof IndexOutOfBoundsException || failure instanceof ArithmeticException
                || failure instanceof UnsupportedOperationException;
        if (bug || message == null || message.isBlank() || namesJavaClass(message)) {
            return INTERNAL_ERROR_TEXT;
        }
        return message;
    }

    /** Whether {@code text} contains a package-qualified Java class name. */
    public static boolean namesJavaClass(String text) {
        return text != null && JAVA_NAME.matcher(text).find();
    }

    /** An ERR packet for this error. */
    public ErrPacket toPacket(Object... args) {
        return new ErrPacket(code, sqlState, message(args));
    }

    /**
     * An ERR packet with this error's code and SQLSTATE and a message of its own: the variants of one error
     * (a lost backend whose write's outcome is unknown, or that took a transaction with it) keep the code
     * clients react to and say more.
     */
    public ErrPacket toPacketSaying(String message) {
        return new ErrPacket(code, sqlState, message);
    }
}
