package io.shardgate.proxy.execute;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.PacketKind;
import io.shardgate.proxy.backend.ResponseHandler;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.proxy.protocol.WireFormat;
import io.shardgate.proxy.session.Session;

/**
 * The single-backend hot path: a backend's response packets go to the client as they are, only their
 * sequence ids rewritten (no decode, no copy). Three things are touched on the way:
 * <ul>
 *   <li>the final status flags get SERVER_MORE_RESULTS_EXISTS when more statements of a multi-statement
 *       query follow (the proxy splits them), patched in place;</li>
 *   <li>the session learns the transaction state and last insert id from the final OK/terminator;</li>
 *   <li>in a schema with sharded tables, column definitions and error messages name the logical table, not
 *       the shard ({@link LogicalTableNames}).</li>
 * </ul>
 * Back-pressure: when the client channel stops being writable the backend's socket stops being read,
 * and {@link #resume()} (called on the client's writability change) starts it again, so a huge result
 * never sits in proxy memory.
 */
public final class ResponseForwarder implements ResponseHandler {

    private final Session session;
    private final Transactions transactions;
    private final ClientStream out;
    private final boolean moreFollows;
    private final StatementCallback callback;
    private BackendConnection backend;
    private PacketInspector inspector;
    private LogicalTableNames tableNames;
    private java.util.function.UnaryOperator<ResponseHandler> via = java.util.function.UnaryOperator.identity();
    private boolean paused;
    private boolean failed;
    /** The last packet's kind: an ERR may end a result only once its rows began. */
    private PacketKind lastKind;
    /** Rows of the result set being forwarded: FOUND_ROWS() of the statement. */
    private long rows;
    /** The status flags and warning count of the last OK or terminator. */
    private int status;
    private int warnings;

    /** @param transactions told the status flags of the response's end */
    public ResponseForwarder(Session session, Transactions transactions, ClientStream out, boolean moreFollows,
                             StatementCallback callback) {
        this.session = session;
        this.transactions = transactions;
        this.out = out;
        this.moreFollows = moreFollows;
        this.callback = callback;
    }

    /** Sees (and may patch) each packet before it goes to the client; prepared statements rewrite ids. */
    @FunctionalInterface
    public interface PacketInspector {
        void inspect(ByteBuf payload, PacketKind kind);
    }

    public ResponseForwarder inspecting(PacketInspector inspector) {
        this.inspector = inspector;
        return this;
    }

    /** Column definitions get logical table names ({@code null}: the schema has no sharded tables). */
    public ResponseForwarder renaming(LogicalTableNames names) {
        this.tableNames = names;
        return this;
    }

    /** The backend's response passes through the handler {@code decorator} makes of this one first. */
    public ResponseForwarder via(java.util.function.UnaryOperator<ResponseHandler> decorator) {
        this.via = decorator;
        return this;
    }

    /** Sends {@code command} on {@code connection} and forwards its response. */
    public void start(BackendConnection connection, MysqlPacket command) {
        this.backend = connection;
        connection.execute(command, via.apply(this));
    }

    /** Like {@link #start}, converting text rows to binary rows (a routed prepared statement). */
    public void startBinary(BackendConnection connection, MysqlPacket command) {
        this.backend = connection;
        connection.execute(command, via.apply(new BinaryResultForwarder(this)));
    }

    @Override
    public void onPacket(MysqlPacket packet, PacketKind kind) {
        ByteBuf payload = packet.payload();
        lastKind = kind;
        if (inspector != null) {
            inspector.inspect(payload, kind);
        }
        switch (kind) {
            case ROW -> rows++;
            case COLUMN_COUNT -> rows = 0;
            case OK -> {
                long affected = finalOk(payload, 1);
                if (!ServerStatus.moreResultsExist(status)) {
                    session.counts().affected(affected, warnings);
                }
            }
            case TERMINATOR -> {
                if (payload.getUnsignedByte(payload.readerIndex()) == 0xFE && payload.readableBytes() >= 5
                        && payload.readableBytes() < 9 && !session.deprecateEof()) {
                    // EOF: header, warnings(2), status(2)
                    warnings = payload.getUnsignedShortLE(payload.readerIndex() + 1);
                    patchStatus(payload, payload.readerIndex() + 3);
                } else {
                    finalOk(payload, 1);
                }
                if (!ServerStatus.moreResultsExist(status)) {
                    session.counts().resultRows(rows, warnings);
                }
            }
            case ERR -> {
                failed = true;
                session.counts().failed();
                if (tableNames != null) {
                    payload = tableNames.renameError(payload, out.context().alloc());
                }
            }
            case COLUMN_DEFINITION -> {
                if (tableNames != null) {
                    payload = tableNames.rename(payload, out.context().alloc());
                }
            }
            default -> { }
        }
        out.write(payload);
        if (!out.writable() && !paused) {
            paused = true;
            backend.pauseReading();
        }
    }

    /**
     * OK packet: header, lenenc affected rows, lenenc last insert id, status(2), warnings(2). Reads the status
     * and warnings into {@link #status} and {@link #warnings}; returns the affected rows.
     */
    private long finalOk(ByteBuf payload, int skip) {
        int idx = payload.readerIndex() + skip;
        ByteBuf view = payload.duplicate().readerIndex(idx);
        long affected = WireFormat.readLengthEncodedInt(view);
        long lastInsertId = WireFormat.readLengthEncodedInt(view);
        if (lastInsertId != 0) {
            session.lastInsertId(lastInsertId);
            session.lastInsertNode(session.counts().currentNode());
        }
        int at = view.readerIndex();
        warnings = at + 4 <= payload.writerIndex() ? payload.getUnsignedShortLE(at + 2) : 0;
        patchStatus(payload, at);
        return affected;
    }

    private void patchStatus(ByteBuf payload, int index) {
        if (index + 2 > payload.writerIndex()) {
            status = 0;
            return;
        }
        status = payload.getUnsignedShortLE(index);
        if (!ServerStatus.moreResultsExist(status)) {
            transactions.observe(status);
            if (moreFollows) {
                payload.setShortLE(index, status | ServerStatus.MORE_RESULTS_EXISTS);
            }
        }
    }

    /** The client can take more: read the backend again. */
    public void resume() {
        if (paused) {
            paused = false;
            backend.resumeReading();
        }
    }

    @Override
    public void onComplete(int serverStatus) {
        var loop = out.context().executor();
        if (!loop.inEventLoop()) {
            // A backend connection of another event loop (pool full): finish on the client's loop.
            loop.execute(() -> onComplete(serverStatus));
            return;
        }
        // The last packets may have come in the read that paused the backend: with the response complete no
        // writability change would resume it, and the connection's next response would never be read.
        resume();
        // done observes the statement (digests, metrics) and then flushes: whoever sees the answer sees it counted
        callback.done(failed);
    }

    @Override
    public void onFailure(Throwable cause) {
        var loop = out.context().executor();
        if (!loop.inEventLoop()) {
            loop.execute(() -> onFailure(cause));
            return;
        }
        // abandoned on the proxy's clock (a statement or write timeout): the failure carries the client's answer
        ErrPacket answer = ErrorSink.answerIn(cause);
        boolean inRows = lastKind == PacketKind.ROW || lastKind == PacketKind.INTERMEDIATE_EOF;
        if (out.wroteAnything() && !(answer != null && inRows)) {
            out.flush();
            callback.fatal(cause);
            return;
        }
        // an ERR in place of a result's terminator is how a server ends a result it was interrupted in
        ErrPacket err = answer != null ? answer
                : MysqlError.BACKEND_LOST.toPacket(backend == null ? "?" : backend.backend());
        ByteBuf buf = out.context().alloc().buffer();
        err.encode(buf);
        out.write(buf);
        out.flush();
        callback.done(true);
    }
}
