package io.shardgate.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.shardgate.router.plan.Route;
import io.shardgate.router.sql.Normalizer;
import io.shardgate.router.sql.SqlMode;

/**
 * A client's prepared statement that runs natively on one node: its text, by which each backend connection of
 * the node knows its own backend statement ({@code ConnectionState}), and the parameter types. A session does
 * not keep one connection (connections return to the pool between statements, and a connection can die), so the
 * statement is prepared on whichever connection runs it, once per connection, and any session preparing the same
 * text reuses it. A client keeps its statement ids for as long as its own connection lives (Connector/J's
 * {@code cachePrepStmts} for hours), so none of this shows.
 *
 * <p>The one subtlety: a client sends the parameter types with the first EXECUTE only (the new-params-bound
 * flag), while a backend statement may be new, or last executed by another session with other types. So the
 * types of the last EXECUTE that carried them are kept, and put into every EXECUTE that lacks them.
 */
final class PinnedStatement {

    /** COM_STMT_EXECUTE: header, statement id (4), flags (1), iteration count (4): then the parameters. */
    private static final int PARAMETERS_AT = 10;

    private final String node;
    private final String sql;
    private final int parameterCount;
    private byte[] parameterTypes;
    /** The statement's normalized shape and its plan, made at the first EXECUTE (digests, blacklist, slow log). */
    private String shape;
    private Route route;

    PinnedStatement(String node, String sql, int parameterCount) {
        this.node = node;
        this.sql = sql;
        this.parameterCount = parameterCount;
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
            shape = Normalizer.normalize(sql, SqlMode.DEFAULT).shape();
        }
        return shape;
    }

    /** What runs: the text on the node's primary. */
    Route route() {
        if (route == null) {
            route = new Route(node, sql, true);
        }
        return route;
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
     * The EXECUTE with its parameter types: {@code execute} itself when it binds its types (or has no
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
