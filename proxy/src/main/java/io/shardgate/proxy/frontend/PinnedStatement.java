package io.shardgate.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.shardgate.proxy.backend.BackendConnection;

/**
 * A client's prepared statement that runs natively on one node: the backend statement it maps to, and what
 * it takes to prepare it again on another connection of that node (the pinned connection died: a backend
 * restart, a KILL, a network cut). A client keeps its statement ids for as long as its own connection lives
 * (Connector/J's {@code cachePrepStmts} for hours), so the proxy re-prepares transparently instead of answering
 * "unknown statement".
 *
 * <p>The one subtlety: a client sends the parameter types with the first EXECUTE only (the
 * new-params-bound flag), and a freshly prepared backend statement needs them. So the types of the last
 * EXECUTE that carried them are kept, and put back into the first EXECUTE after a re-prepare.
 */
final class PinnedStatement {

    /** COM_STMT_EXECUTE: header, statement id (4), flags (1), iteration count (4): then the parameters. */
    private static final int PARAMETERS_AT = 10;

    private final String node;
    private final String sql;
    private final int parameterCount;
    private BackendConnection connection;
    private int backendId;
    private byte[] parameterTypes;
    /** The statement's normalized shape and its plan, made at the first EXECUTE (digests, blacklist, slow log). */
    private String shape;
    private io.shardgate.router.plan.Route route;

    PinnedStatement(String node, String sql, int parameterCount, BackendConnection connection, int backendId) {
        this.node = node;
        this.sql = sql;
        this.parameterCount = parameterCount;
        this.connection = connection;
        this.backendId = backendId;
    }

    String node() {
        return node;
    }

    /** The statement text as the backend prepared it. */
    String sql() {
        return sql;
    }

    /** The normalized shape, computed once. */
    String shape() {
        if (shape == null) {
            shape = io.shardgate.router.sql.Normalizer.normalize(sql, io.shardgate.router.sql.SqlMode.DEFAULT).shape();
        }
        return shape;
    }

    /** What runs: the text on the node's primary. */
    io.shardgate.router.plan.Route route() {
        if (route == null) {
            route = new io.shardgate.router.plan.Route(node, sql, true);
        }
        return route;
    }

    BackendConnection connection() {
        return connection;
    }

    int backendId() {
        return backendId;
    }

    /** Prepared again, on {@code to}: the next EXECUTE must bind the parameter types. */
    void movedTo(BackendConnection to, int newBackendId) {
        this.connection = to;
        this.backendId = newBackendId;
    }

    /** Remembers the parameter types an EXECUTE carries (when it carries them). */
    void noteTypes(ByteBuf execute) {
        int flagAt = boundFlagAt(execute);
        if (flagAt >= 0 && execute.getByte(flagAt) == 1 && flagAt + 1 + 2 * parameterCount <= execute.writerIndex()) {
            byte[] types = new byte[2 * parameterCount];
            execute.getBytes(flagAt + 1, types);
            parameterTypes = types;
        }
    }

    /**
     * The EXECUTE for a statement prepared anew: {@code execute} itself when it binds its types (or has no
     * parameters), else a copy with the remembered types put in and the flag set; null when no types are
     * known (the client never sent any), which a caller answers as a malformed EXECUTE.
     */
    ByteBuf withTypes(ByteBuf execute, ByteBufAllocator alloc) {
        int flagAt = boundFlagAt(execute);
        if (flagAt < 0 || execute.getByte(flagAt) == 1) {
            return execute;
        }
        if (parameterTypes == null) {
            return null;
        }
        ByteBuf out = alloc.buffer(execute.readableBytes() + parameterTypes.length);
        out.writeBytes(execute, execute.readerIndex(), flagAt - execute.readerIndex());
        out.writeByte(1);
        out.writeBytes(parameterTypes);
        out.writeBytes(execute, flagAt + 1, execute.writerIndex() - flagAt - 1);
        return out;
    }

    /** Where the new-params-bound flag sits (after the NULL bitmap); -1 without parameters or when truncated. */
    private int boundFlagAt(ByteBuf execute) {
        if (parameterCount == 0) {
            return -1;
        }
        int at = execute.readerIndex() + PARAMETERS_AT + (parameterCount + 7) / 8;
        return at < execute.writerIndex() ? at : -1;
    }
}
