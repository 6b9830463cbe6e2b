package io.shardgate.proxy.backend;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.Command;
import io.shardgate.proxy.protocol.MalformedPacketException;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.ServerStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An authenticated connection to one backend server. Sends one command at a time and streams its
 * response packets, labelled by a {@link ResponseTracker}, to a {@link ResponseHandler}.
 *
 * <p>Threading: every callback runs on the channel's event loop; {@link #execute} may be called
 * from any thread (it hops to the loop) but is cheapest from the loop itself, which is why the
 * front end asks for backends on its own loop. Fields touched only on the loop are plain; what
 * other threads may read is volatile.
 *
 * <p>Back-pressure: {@link #pauseReading()} stops reading from the socket (autoRead off), so a
 * slow client slows the backend instead of filling memory; packets already read may still arrive.
 *
 * <p>Hung servers: a stopped process or a network black hole answers nothing, and TCP alone would wait for
 * hours. Bounds are therefore kept on the proxy's clock ({@link ExchangeBounds}), per exchange (one command
 * and its response): {@link #execute(MysqlPacket, ResponseHandler, Duration)} gives a control command a limit,
 * and {@link #interrupt} stops a statement (KILL QUERY, then a grace period). Both end in {@link #abandon}, the
 * one way a connection is given up on: the socket is closed at once, the response in flight fails with the
 * caller's reason, and nothing the server sends later can reach anyone. An abandoned connection is never
 * usable again, so no pool takes it back.
 */
public final class BackendConnection {

    private static final Logger LOG = LoggerFactory.getLogger(BackendConnection.class);

    private final Channel channel;
    private final String backend;
    private final int capabilities;
    private final String serverVersion;
    private final long connectionId;
    private final boolean tls;
    private final ResponseTracker tracker;

    private ResponseHandler handler;
    private int expectedSequenceId;
    /** Event loop only: which exchange is in flight (or was last). */
    private long exchange;
    private final ExchangeBounds bounds = new ExchangeBounds(this);
    private volatile int serverStatus;
    private volatile String initialSqlMode = "";
    private final ConnectionState state = new ConnectionState();
    private volatile boolean broken;
    private volatile boolean closing;

    BackendConnection(Channel channel, String backend, int capabilities, String serverVersion, long connectionId,
                      int serverStatus, boolean tls) {
        this.channel = channel;
        this.backend = backend;
        this.capabilities = capabilities;
        this.serverVersion = serverVersion;
        this.connectionId = connectionId;
        this.serverStatus = serverStatus;
        this.tls = tls;
        this.tracker = new ResponseTracker(capabilities, serverStatus);
        channel.pipeline().addLast("backend-connection", new Dispatcher());
    }

    /** State others keep on this connection while they hold it (a pool notes itself as the lender). */
    public <T> Attribute<T> attr(AttributeKey<T> key) {
        return channel.attr(key);
    }

    // ---- what was negotiated ------------------------------------------------------------------

    /** The capability flags both sides agreed on. */
    public int capabilities() {
        return capabilities;
    }

    public boolean deprecateEof() {
        return Capabilities.has(capabilities, Capabilities.DEPRECATE_EOF);
    }

    /** As the server announced it, e.g. "5.5.5-10.11.6-MariaDB" or "8.0.36". */
    public String serverVersion() {
        return serverVersion;
    }

    /** The server's thread id for this connection: what {@code KILL QUERY} takes. */
    public long connectionId() {
        return connectionId;
    }

    /** Status flags from the last OK/EOF the server sent. */
    public int serverStatus() {
        return serverStatus;
    }

    public boolean inTransaction() {
        return ServerStatus.inTransaction(serverStatus);
    }

    /** NO_BACKSLASH_ESCAPES is in force on this connection now, as the server's last status said. */
    public boolean noBackslashEscapes() {
        return ServerStatus.has(serverStatus, ServerStatus.NO_BACKSLASH_ESCAPES);
    }

    /**
     * The connection's {@code @@sql_mode} when it was opened (the server's global default then), which
     * COM_RESET_CONNECTION also brings it back to.
     */
    public String initialSqlMode() {
        return initialSqlMode;
    }

    void initialSqlMode(String sqlMode) {
        this.initialSqlMode = sqlMode;
    }

    public boolean isTls() {
        return tls;
    }

    /** host:port of the server. */
    public String backend() {
        return backend;
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /** Open, not failed, not being closed. A usable connection may still be busy. */
    public boolean isUsable() {
        return channel.isActive() && !broken && !closing;
    }

    /** A response is outstanding. Only meaningful on the event loop. */
    public boolean isBusy() {
        return handler != null;
    }

    // ---- commands -------------------------------------------------------------------------

    /** Sends a command payload (first byte = command code) with sequence id 0; takes ownership. */
    public void execute(ByteBuf commandPayload, ResponseHandler responseHandler) {
        execute(new MysqlPacket(0, commandPayload), responseHandler);
    }

    /**
     * Sends one command and streams its response to {@code responseHandler}. Takes ownership of
     * {@code command}; its sequence id is forced to 0. Fails the handler (and sends nothing) when
     * the connection is busy, unusable, or the command is unknown.
     */
    public void execute(MysqlPacket command, ResponseHandler responseHandler) {
        send(command, responseHandler, null);
    }

    /**
     * Like {@link #execute(MysqlPacket, ResponseHandler)}, for a control command (reset, ping, KILL QUERY) that
     * a healthy server answers at once: when the response has not ended {@code limit} after the command was
     * sent, the connection is {@link #abandon abandoned}.
     */
    public void execute(MysqlPacket command, ResponseHandler responseHandler, Duration limit) {
        send(command, responseHandler, limit);
    }

    private void send(MysqlPacket command, ResponseHandler responseHandler, Duration limit) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> send(command, responseHandler, limit));
            return;
        }
        if (bounds.holdsBack(() -> send(command, responseHandler, limit))) {
            return; // a late KILL QUERY must not stop this command: it is sent once the server answered the KILL
        }
        Command code = Command.of(command.header());
        String refusal = handler != null ? "busy with COM_" + tracker.command()
                : !isUsable() ? "connection " + connectionId + " is " + (closing ? "closed" : "broken")
                : code == null ? String.format("unknown command 0x%02X", command.header()) : null;
        if (refusal == null) {
            try {
                tracker.start(code);
            } catch (IllegalArgumentException e) {
                refusal = e.getMessage();
            }
        }
        if (refusal != null) {
            command.release();
            responseHandler.onFailure(new BackendConnectionException(backend, "cannot send "
                    + (code == null ? "command" : "COM_" + code) + ": " + refusal));
            return;
        }
        MysqlPacket packet = command.firstSequenceId() == 0 ? command : new MysqlPacket(0, command.payload());
        expectedSequenceId = packet.nextSequenceId();
        if (!ResponseTracker.expectsResponse(code)) {
            if (code == Command.QUIT) {
                closing = true;
            }
            channel.writeAndFlush(packet).addListener(future -> {
                if (future.isSuccess()) {
                    responseHandler.onComplete(serverStatus);
                } else {
                    responseHandler.onFailure(new BackendConnectionException(backend, "writing COM_" + code
                            + " failed: " + future.cause(), future.cause()));
                }
            });
            return;
        }
        handler = responseHandler;
        long sent = ++exchange;
        if (limit != null) {
            bounds.abandonUnlessEnded(sent, limit, () -> new BackendConnectionException(backend, "no answer to COM_"
                    + code + " within " + limit.toMillis() + " ms; connection abandoned"));
        }
        channel.writeAndFlush(packet).addListener(future -> {
            if (!future.isSuccess()) {
                fail(new BackendConnectionException(backend, "writing COM_" + code + " failed: " + future.cause(),
                        future.cause()));
            }
        });
    }

    // ---- bounds on the proxy's clock --------------------------------------------------------

    /**
     * Stops the exchange in flight, if any, however the server behaves: {@code killer} sends KILL QUERY for it
     * over another connection; if the exchange has still not ended {@code grace} later, the connection is
     * {@link #abandon abandoned} with {@code whenAbandoned}. Until the KILL is answered (or this connection is
     * abandoned) no further command is sent, so a late KILL cannot stop the next statement. Calling it again
     * for the same exchange changes nothing. Any thread.
     *
     * @param killer KILL QUERY for a connection; completes, never exceptionally, once answered or given up on
     * @return completes once the exchange ended, normally or by abandonment; at once when there is none
     */
    public CompletableFuture<Void> interrupt(Function<BackendConnection, CompletableFuture<Void>> killer,
                                             Duration grace, Throwable whenAbandoned) {
        return bounds.interrupt(killer, grace, whenAbandoned);
    }

    /** Which exchange is in flight, or was last. Event loop only. */
    long exchange() {
        return exchange;
    }

    /**
     * Gives up on this connection: the socket is closed at once (no COM_QUIT, which a hung server would not
     * read either), the response in flight fails with {@code cause}, and the connection is unusable from now
     * on. Whatever the server sends later goes nowhere: the socket is gone. Any thread.
     */
    public void abandon(Throwable cause) {
        onLoop(() -> {
            if (!closing || handler != null) {
                LOG.debug("abandoning {}: {}", this, cause.getMessage());
            }
            closing = true;
            fail(cause);
        });
    }

    void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    /** Runs one SQL statement and buffers its (small) result. Control plane only, not the hot path. */
    public CompletableFuture<QueryResult> query(String sql) {
        return query(sql, null);
    }

    /**
     * Like {@link #query(String)}, abandoning the connection when the answer takes longer than {@code limit}
     * (null: no limit).
     */
    public CompletableFuture<QueryResult> query(String sql, Duration limit) {
        QueryCollector collector = new QueryCollector(backend, capabilities);
        ByteBuf payload = channel.alloc().buffer(1 + sql.length());
        payload.writeByte(Command.QUERY.code()).writeCharSequence(sql, StandardCharsets.UTF_8);
        send(new MysqlPacket(0, payload), collector, limit);
        return collector.result();
    }

    /** COM_PING: completes when the server answered OK. */
    public CompletableFuture<Void> ping() {
        return ping(null);
    }

    /** Like {@link #ping()}, abandoning the connection when the answer takes longer than {@code limit}. */
    public CompletableFuture<Void> ping(Duration limit) {
        return simpleCommand(Command.PING, limit);
    }

    /**
     * COM_RESET_CONNECTION: rolls back, drops temporary tables, user variables and prepared
     * statements, restores session variables, keeps the login and schema.
     */
    public CompletableFuture<Void> resetConnection() {
        return resetConnection(null);
    }

    /** Like {@link #resetConnection()}, abandoning the connection when the answer takes longer than {@code limit}. */
    public CompletableFuture<Void> resetConnection(Duration limit) {
        return simpleCommand(Command.RESET_CONNECTION, limit).thenRun(state::forget);
    }

    /** What the proxy left on this connection beyond one statement: prepared statements, synced session state. */
    public ConnectionState state() {
        return state;
    }

    private CompletableFuture<Void> simpleCommand(Command command, Duration limit) {
        QueryCollector collector = new QueryCollector(backend, capabilities);
        send(new MysqlPacket(0, channel.alloc().buffer(1).writeByte(command.code())), collector, limit);
        return collector.result().thenApply(result -> null);
    }

    /** Stops reading responses from the socket until {@link #resumeReading()}. */
    public void pauseReading() {
        channel.config().setAutoRead(false);
    }

    public void resumeReading() {
        channel.config().setAutoRead(true);
    }

    /**
     * Sends COM_QUIT when idle and closes. A response in flight fails its handler. Completes when
     * the channel is closed.
     */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.closeFuture().addListener(future -> closed.complete(null));
        if (channel.eventLoop().inEventLoop()) {
            closeOnLoop();
        } else {
            channel.eventLoop().execute(this::closeOnLoop);
        }
        return closed;
    }

    private void closeOnLoop() {
        boolean wasClosing = closing;
        closing = true;
        if (!wasClosing && channel.isActive() && handler == null && !broken) {
            ByteBuf quit = channel.alloc().buffer(1).writeByte(Command.QUIT.code());
            channel.writeAndFlush(new MysqlPacket(0, quit)).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    private void fail(Throwable cause) {
        broken = true;
        ResponseHandler current = handler;
        handler = null;
        tracker.reset();
        channel.close();
        bounds.openFence();
        if (current != null) {
            current.onFailure(cause);
        }
        bounds.ended();
    }

    @Override
    public String toString() {
        return "BackendConnection[" + backend + " thread " + connectionId + (tls ? ", tls" : "")
                + (broken ? ", broken" : closing ? ", closing" : "") + "]";
    }

    /** Feeds response packets through the tracker to the current handler. */
    private final class Dispatcher extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof MysqlPacket packet)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            ResponseHandler current = handler;
            if (current == null) {
                // Unsolicited: a server about to close (shutdown, KILL) says why first.
                broken = true;
                packet.release();
                channel.close();
                return;
            }
            if (packet.firstSequenceId() != expectedSequenceId) {
                int found = packet.firstSequenceId();
                packet.release();
                fail(new BackendConnectionException(backend, "packets out of order during COM_" + tracker.command()
                        + ": expected sequence id " + expectedSequenceId + ", found " + found));
                return;
            }
            expectedSequenceId = packet.nextSequenceId();
            PacketKind kind;
            try {
                kind = tracker.next(packet.payload());
            } catch (MalformedPacketException e) {
                packet.release();
                fail(new BackendConnectionException(backend, "protocol violation: " + e.getMessage(), e));
                return;
            }
            boolean complete = tracker.isComplete();
            if (complete) {
                serverStatus = tracker.serverStatus();
                handler = null;
            }
            current.onPacket(packet, kind);
            if (complete) {
                current.onComplete(serverStatus);
                bounds.ended();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            broken = true;
            if (handler != null) {
                String during = "COM_" + tracker.command() + " after " + tracker.packetCount() + " response packets";
                fail(new BackendConnectionException(backend, closing
                        ? "connection closed by shardgate during " + during
                        : "the server closed the connection during " + during));
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(cause instanceof BackendException ? cause
                    : new BackendConnectionException(backend, "connection failed: " + cause, cause));
        }
    }
}
