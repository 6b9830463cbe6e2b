package io.shardgate.proxy.execute.scatter;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.shardgate.proxy.execute.LocalResult;
import io.shardgate.proxy.execute.LogicalTableNames;
import io.shardgate.proxy.execute.StatementCallback;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.proxy.session.Session;
import java.util.List;

/**
 * The client's side of one scatter statement, on the client's event loop: writes what the merge hands
 * over, keeps the session's transaction state up to date from the shards' final status flags, and reports
 * to the command loop exactly once (done, or fatal when a result was cut off half-written).
 */
final class ClientResponse {

    private final Session session;
    private final ResultWriter writer;
    private final boolean moreFollows;
    private final StatementCallback callback;
    private final ScatterOutput output;
    private final LogicalTableNames tableNames;

    /** @param tableNames names the shards' errors give physical tables logically; null when none are needed */
    ClientResponse(Session session, ScatterOutput output, LogicalTableNames tableNames) {
        this.session = session;
        this.writer = new ResultWriter(output.stream(), session.capabilities());
        this.moreFollows = output.moreFollows();
        this.callback = output.callback();
        this.output = output;
        this.tableNames = tableNames;
    }

    private ErrPacket shown(ErrPacket err) {
        return tableNames == null ? err : tableNames.rename(err);
    }

    /**
     * Writes a batch of encoded rows, preceded by the header when {@code header} is non-null.
     *
     * @return completes when the batch reached the socket
     */
    ChannelFuture rows(List<ColumnDefinition41> header, List<ByteBuf> rows) {
        if (header != null) {
            writer.header(header, status());
        }
        rows.forEach(writer::row);
        return writer.flushed();
    }

    /**
     * The last rows (and the header if no batch went before), the terminator, and done.
     *
     * @param returned how many rows the client got in all: the statement's {@code FOUND_ROWS()}
     */
    void finish(List<ColumnDefinition41> header, List<ByteBuf> rows, List<ShardStream> shards, long returned) {
        observe(shards);
        session.counts().returned(returned);
        int status = status();
        if (header != null) {
            writer.header(header, status);
        }
        rows.forEach(writer::row);
        writer.end(status, shards.stream().mapToInt(ShardStream::warnings).sum());
        callback.done(false);
    }

    /** The statement failed before anything was written: the client gets this ERR, the connection lives on. */
    void error(ErrPacket err) {
        writer.error(shown(err));
        callback.done(true);
    }

    /**
     * The statement was stopped after rows were written, with every shard connection idle again: the ERR
     * ends the result set, as a server ends one whose statement was interrupted while sending rows, and
     * the connection lives on.
     */
    void errorAfterRows(ErrPacket err) {
        writer.error(shown(err));
        callback.done(true);
    }

    /** The statement failed after rows were written: the client connection cannot continue. */
    void fatal(Throwable cause) {
        callback.fatal(cause);
    }

    boolean clientConnected() {
        return writer.clientConnected();
    }

    /**
     * Every shard connection ran the read in the same session state; a transaction is open when any of them
     * says so (autocommit=0 opens one on each).
     */
    private void observe(List<ShardStream> shards) {
        int combined = -1;
        for (ShardStream s : shards) {
            int status = s.finalStatus();
            if (status >= 0) {
                combined = combined < 0 ? status : combined | (status & ServerStatus.IN_TRANS);
            }
        }
        if (combined >= 0) {
            output.statusObserved(combined);
        }
    }

    private int status() {
        return LocalResult.withMoreResults(session.serverStatus(), moreFollows);
    }
}
