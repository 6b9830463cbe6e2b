package io.shardgate.proxy.session;

import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.ClientCharset;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.router.SessionView;
import io.shardgate.router.sql.SqlMode;
import java.nio.charset.Charset;
import java.time.Duration;

/**
 * One client connection's state after login: who it is, which schema it uses, what it negotiated and what
 * it SET. The backend connections serving the session are brought to this state before they run its
 * statements (see {@link SessionVariables}).
 *
 * <p>Owned by the client channel's event loop: only that thread mutates it, so fields are plain.
 */
public final class Session implements SessionView {

    private final long connectionId;
    private final String remoteHost;
    private String user;
    private String schema;
    private int capabilities;
    private int collationId;
    private ClientCharset loginCharset = ClientCharset.UTF8MB4;
    private ClientCharset clientCharset = ClientCharset.UTF8MB4;
    /** The session's {@code @@sql_mode}, or null while the proxy has not learned it (see {@link #sqlMode()}). */
    private String sqlModeValue;
    private SqlMode sqlMode = SqlMode.DEFAULT;
    private boolean multiStatements;
    private boolean autocommit = true;
    private boolean inTransaction;
    private final SessionVariables variables = new SessionVariables();
    private final StatementCounts counts = new StatementCounts();
    /** SET max_execution_time, in ms (0 = none); -1 until SET: the proxy's configured default applies. */
    private long maxExecutionTime = -1;
    private long lastInsertId;
    private boolean generatedKeys;
    private String lastInsertNode;
    private volatile boolean killed;
    /** The statement running now, for operators (PROCESSLIST); written on the session's loop, read anywhere. */
    private volatile String currentStatement;
    private volatile long statementStartedNanos;

    public Session(long connectionId, String remoteHost) {
        this.connectionId = connectionId;
        this.remoteHost = remoteHost;
    }

    /**
     * Sets what the handshake settled: the user, the initial schema (may be null), capabilities and the
     * collation the client asked for. A client charset other than UTF-8 is recorded as a {@code SET NAMES} the
     * backend connections replay, so that they read the client's bytes as the client wrote them; one the proxy
     * cannot encode is treated as utf8mb4, the charset every backend connection starts in.
     */
    public void login(String user, String schema, int capabilities, int collationId) {
        this.user = user;
        this.schema = schema;
        this.capabilities = capabilities;
        this.collationId = collationId;
        ClientCharset requested = ClientCharset.ofCollation(collationId);
        this.loginCharset = requested == null ? ClientCharset.UTF8MB4 : requested;
        this.multiStatements = Capabilities.has(capabilities, Capabilities.MULTI_STATEMENTS);
        loginCharsetVariables();
    }

    private void loginCharsetVariables() {
        this.clientCharset = loginCharset;
        if (loginCharset.isUtf8()) {
            variables.remove("names");
        } else {
            variables.set("names", loginCharset.name());
        }
    }

    /** COM_RESET_CONNECTION / COM_CHANGE_USER: back to the state of a fresh login (schema kept by caller). */
    public void reset() {
        variables.clear();
        loginCharsetVariables();
        sqlModeValue = null;
        sqlMode = SqlMode.DEFAULT;
        maxExecutionTime = -1;
        autocommit = true;
        inTransaction = false;
        lastInsertId = 0;
        lastInsertNode = null;
        generatedKeys = false;
        counts.clear();
    }

    public long connectionId() {
        return connectionId;
    }

    @Override
    public String remoteHost() {
        return remoteHost;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String schema() {
        return schema;
    }

    public void schema(String schema) {
        this.schema = schema;
    }

    public int capabilities() {
        return capabilities;
    }

    public boolean deprecateEof() {
        return Capabilities.has(capabilities, Capabilities.DEPRECATE_EOF);
    }

    public int collationId() {
        return collationId;
    }

    /** The Java charset of the client's SQL text: how the proxy reads it, and writes what it sends for it. */
    public Charset charset() {
        return clientCharset.charset();
    }

    /** The session's {@code character_set_client}. */
    public ClientCharset clientCharset() {
        return clientCharset;
    }

    /** After a SET NAMES / SET CHARACTER SET / SET character_set_client the backend accepted. */
    public void clientCharset(ClientCharset charset) {
        this.clientCharset = charset;
    }

    /**
     * The lexical part of the session's sql_mode: how its SQL is read and how values are written into the SQL
     * sent for it. {@link SqlMode#DEFAULT} while unknown.
     */
    @Override
    public SqlMode sqlMode() {
        return sqlMode;
    }

    /** The session's {@code @@sql_mode} as a backend reported it, or null while not known. */
    public String sqlModeValue() {
        return sqlModeValue;
    }

    /** Records the session's {@code @@sql_mode}, as read from a backend connection serving it. */
    public void sqlModeValue(String value) {
        this.sqlModeValue = value;
        this.sqlMode = SqlMode.of(value);
    }

    public boolean multiStatements() {
        return multiStatements;
    }

    public void multiStatements(boolean on) {
        this.multiStatements = on;
    }

    public boolean autocommit() {
        return autocommit;
    }

    public void autocommit(boolean autocommit) {
        this.autocommit = autocommit;
    }

    /** Inside BEGIN..COMMIT, or with autocommit off (every statement then belongs to a transaction). */
    @Override
    public boolean inTransaction() {
        return inTransaction || !autocommit;
    }

    /** Updates the transaction state from a backend's status flags. */
    public void observeStatus(int serverStatus) {
        this.inTransaction = ServerStatus.inTransaction(serverStatus);
        this.autocommit = ServerStatus.has(serverStatus, ServerStatus.AUTOCOMMIT);
    }

    /** The status flags the proxy reports in its own OK packets. */
    public int serverStatus() {
        return (autocommit ? ServerStatus.AUTOCOMMIT : 0) | (inTransaction ? ServerStatus.IN_TRANS : 0)
                | (sqlMode.noBackslashEscapes() ? ServerStatus.NO_BACKSLASH_ESCAPES : 0);
    }

    public SessionVariables variables() {
        return variables;
    }

    /** Where ROW_COUNT() and FOUND_ROWS() of the previous statement are answered. */
    public StatementCounts counts() {
        return counts;
    }

    /**
     * MySQL's {@code max_execution_time} for this session: the proxy keeps it (MariaDB backends do not know
     * it) and enforces it on SELECTs itself.
     *
     * @param millis 0 for none, -1 for the configured default ({@code SET max_execution_time = DEFAULT})
     */
    public void maxExecutionTime(long millis) {
        this.maxExecutionTime = millis;
    }

    /** The value SET, or -1 when the session follows {@code proxy.statement-timeout}. */
    public long maxExecutionTime() {
        return maxExecutionTime;
    }

    /** The session's limit on a SELECT's run time: its own SET value, else {@code configured}; zero = none. */
    public Duration statementTimeout(Duration configured) {
        return maxExecutionTime < 0 ? configured : Duration.ofMillis(maxExecutionTime);
    }

    public long lastInsertId() {
        return lastInsertId;
    }

    public void lastInsertId(long id) {
        this.lastInsertId = id;
    }

    /**
     * The node whose connection generated the session's last AUTO_INCREMENT id (null: the default node or
     * none yet): LAST_INSERT_ID() is that connection's, in MySQL a per-connection value.
     */
    public String lastInsertNode() {
        return lastInsertNode;
    }

    public void lastInsertNode(String node) {
        this.lastInsertNode = node;
    }

    /** True once the proxy generated keys for this session: then it, not a backend, knows LAST_INSERT_ID(). */
    public boolean generatedKeys() {
        return generatedKeys;
    }

    public void generatedKeys(boolean generated) {
        this.generatedKeys = generated;
    }

    /** A statement of the session starts: operators see it and its running time. */
    public void statementStarted(String sql) {
        this.statementStartedNanos = System.nanoTime();
        this.currentStatement = sql;
    }

    /** The session's command ended: it waits for the client. */
    public void statementEnded() {
        this.currentStatement = null;
    }

    /** The statement running now, or null while the session waits for its client. */
    public String currentStatement() {
        return currentStatement;
    }

    /** When {@link #currentStatement()} started ({@link System#nanoTime()}). */
    public long statementStartedNanos() {
        return statementStartedNanos;
    }

    public boolean killed() {
        return killed;
    }

    public void kill() {
        this.killed = true;
    }

    @Override
    public String toString() {
        return "session " + connectionId + " (" + user + "@" + remoteHost + ")";
    }
}
