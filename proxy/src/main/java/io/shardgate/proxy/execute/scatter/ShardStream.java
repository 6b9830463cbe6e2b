package io.shardgate.proxy.execute.scatter;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.backend.PacketKind;
import io.shardgate.proxy.backend.ResponseHandler;
import io.shardgate.proxy.execute.PlanRunner;
import io.shardgate.proxy.execute.SessionBackends;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MalformedPacketException;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Row;
import io.shardgate.router.merge.RowStream;
import io.shardgate.router.merge.RowStreamException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One shard's result set as a {@link RowStream}: the bridge between a backend connection, which pushes
 * packets on its event loop, and a merge, which pulls rows on a virtual thread.
 *
 * <p><b>Threads.</b> {@link #start()} and the {@link ResponseHandler} methods run on the connection's event
 * loop; {@link #columns()}, {@link #next()} and {@link #close()} on the one consumer thread, where they may
 * block. Both sides meet under one lock. The loop only decodes column definitions (few, small); rows are
 * queued as raw payloads and decoded by the consumer, off the event loop. A waiting consumer is woken by a
 * task on the loop, which runs after the loop has queued everything one socket read brought: one wake-up
 * per read, not per row (waking a virtual thread per row cost more CPU than decoding the row).
 *
 * <p><b>Memory.</b> At most {@code maxRows} payloads or {@code maxBytes} bytes wait in the queue: reaching
 * either pauses reading the socket ({@link ShardConnection#pauseReading()}), so the server blocks on its
 * send buffer; when the consumer has taken the queue below half of both, reading resumes (a task on the
 * loop, so pause and resume never race). Packets already read when the pause takes effect still arrive,
 * which may overshoot the bound by one socket read. Reading always resumes when the response ends, so the
 * connection is never left paused for the next statement.
 *
 * <p><b>Closing early</b> (a LIMIT was satisfied, another shard failed): queued rows are freed, reading
 * resumes, and the rest of the response is read and discarded, so the connection ends up idle and
 * reusable; the caller may also {@link ShardConnection#cancel() cancel} the statement to make that quick.
 * {@link #finished()} completes when the connection is idle again (or the stream was never started).
 *
 * <p><b>Errors.</b> A backend ERR surfaces from {@code columns()}/{@code next()} as a
 * {@link RowStreamException} with the backend's code, SQLSTATE and message; a lost connection as 2013.
 */
final class ShardStream implements RowStream, ResponseHandler {

    static final int DEFAULT_MAX_ROWS = 256;
    static final long DEFAULT_MAX_BYTES = 1024 * 1024;

    private enum State { NOT_STARTED, RUNNING, ENDED }

    private final ShardConnection connection;
    private final String sql;
    private final int maxRows;
    private final long maxBytes;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Charset charset;
    // guarded by lock
    private State state = State.NOT_STARTED;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private long queuedBytes;
    private TextRowDecoder decoder;
    private RowStreamException error;
    private boolean closed;
    private boolean paused;
    private boolean resumeScheduled;
    private boolean consumerWaiting;
    private boolean wakeScheduled;
    // written under lock before finished completes; read by the executor after it did
    private int finalStatus = -1;
    private int warnings;
    /** The client's answer when the proxy abandoned the connection on its own clock (a timeout); else null. */
    private volatile ErrPacket abandoned;

    // event loop only: the response being read
    private final ResultHeader header = new ResultHeader();
    private int terminatorWarnings;

    // consumer only
    private int expectedWidth = -1;
    private boolean widthChecked;

    ShardStream(ShardConnection connection, String sql) {
        this(connection, sql, StandardCharsets.UTF_8);
    }

    /** @param charset the session's client charset, which the connection reads SQL in */
    ShardStream(ShardConnection connection, String sql, Charset charset) {
        this(connection, sql, charset, DEFAULT_MAX_ROWS, DEFAULT_MAX_BYTES);
    }

    ShardStream(ShardConnection connection, String sql, int maxRows, long maxBytes) {
        this(connection, sql, StandardCharsets.UTF_8, maxRows, maxBytes);
    }

    ShardStream(ShardConnection connection, String sql, Charset charset, int maxRows, long maxBytes) {
        this.connection = connection;
        this.sql = sql;
        this.charset = charset;
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
    }

    // ---------------------------------------------------------------- event loop side

    /** Sends the statement, unless the stream was closed before its turn came. */
    void start() {
        boolean skip;
        lock.lock();
        try {
            if (state != State.NOT_STARTED) {
                return;
            }
            skip = closed;
            state = skip ? State.ENDED : State.RUNNING;
        } finally {
            lock.unlock();
        }
        if (skip) {
            finished.complete(null);
        } else {
            connection.execute(SessionBackends.query(sql, charset), this);
        }
    }

    @Override
    public void onPacket(MysqlPacket packet, PacketKind kind) {
        if (kind == PacketKind.ROW) {
            enqueue(packet.payload());
            return;
        }
        try {
            ByteBuf payload = packet.payload();
            switch (kind) {
                case COLUMN_COUNT -> header.columnCount(payload);
                case COLUMN_DEFINITION -> {
                    List<ColumnDefinition41> all = header.definition(payload);
                    if (all != null) {
                        headerComplete(new TextRowDecoder(all));
                    }
                }
                case TERMINATOR -> terminatorWarnings = ResultHeader.warnings(payload);
                case ERR -> fail(ShardErrors.backend(ErrPacket.decode(payload)));
                case OK -> fail(ShardErrors.noResultSet(connection.describe()));
                default -> { }
            }
        } catch (RuntimeException e) {
            fail(ShardErrors.unreadable(connection.describe(), e.getMessage()));
        } finally {
            packet.release();
        }
    }

    private void headerComplete(TextRowDecoder rowDecoder) {
        lock.lock();
        try {
            decoder = rowDecoder;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(ByteBuf payload) {
        boolean pause = false;
        boolean wake = false;
        lock.lock();
        try {
            if (closed || error != null) {
                payload.release();
                return;
            }
            queue.add(payload);
            queuedBytes += payload.readableBytes();
            if (!paused && (queue.size() >= maxRows || queuedBytes >= maxBytes)) {
                paused = true;
                pause = true;
            }
            if (consumerWaiting && !wakeScheduled) {
                wakeScheduled = wake = true;
            }
        } finally {
            lock.unlock();
        }
        if (pause) {
            connection.pauseReading();
        }
        if (wake) {
            connection.eventLoop().execute(this::wakeConsumer);
        }
    }

    /** A loop task: runs after the rows of the current socket read were queued, so one wake-up serves them all. */
    private void wakeConsumer() {
        lock.lock();
        try {
            wakeScheduled = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the consumer's view of this stream with {@code reason} (a statement timeout), from any thread: a
     * consumer waiting for rows or columns wakes up and gets it; the backend's response is still read to
     * its end once the stream is {@link #close() closed}.
     */
    void interrupt(RowStreamException reason) {
        fail(reason);
    }

    private void fail(RowStreamException e) {
        lock.lock();
        try {
            if (error == null) {
                error = e;
            }
            releaseQueue();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onComplete(int serverStatus) {
        end(serverStatus, null);
    }

    @Override
    public void onFailure(Throwable cause) {
        abandoned = PlanRunner.answerOf(cause);
        end(-1, ShardErrors.lost(connection.describe(), cause));
    }

    private void end(int serverStatus, RowStreamException failure) {
        boolean resume;
        lock.lock();
        try {
            state = State.ENDED;
            finalStatus = serverStatus;
            warnings = terminatorWarnings;
            if (failure != null && error == null) {
                error = failure;
            }
            if (decoder == null && error == null) {
                error = ShardErrors.endedBeforeColumns(connection.describe());
            }
            if (closed) {
                releaseQueue();
            }
            resume = paused;
            paused = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (resume) {
            connection.resumeReading();
        }
        finished.complete(null);
    }

    /** Runs on the loop: resume reading if the consumer made room (or no longer wants the rows). */
    private void resumeIfDrained() {
        boolean resume;
        lock.lock();
        try {
            resumeScheduled = false;
            resume = paused && (closed || belowHalf());
            if (resume) {
                paused = false;
            }
        } finally {
            lock.unlock();
        }
        if (resume) {
            connection.resumeReading();
        }
    }

    private boolean belowHalf() {
        return queue.size() <= maxRows / 2 && queuedBytes <= maxBytes / 2;
    }

    private void releaseQueue() {
        ByteBuf b;
        while ((b = queue.poll()) != null) {
            b.release();
        }
        queuedBytes = 0;
    }

    // ---------------------------------------------------------------- consumer side

    /** The shard's columns; blocks until its column definitions arrived. */
    @Override
    public List<ColumnMeta> columns() {
        return awaitHeader().columns();
    }

    /** The column definitions as the shard sent them, for the client's copy. Blocks like {@link #columns()}. */
    List<ColumnDefinition41> definitions() {
        return awaitHeader().definitions();
    }

    private TextRowDecoder awaitHeader() {
        lock.lock();
        try {
            while (decoder == null && error == null) {
                changed.awaitUninterruptibly();
            }
            if (decoder == null) {
                throw error;
            }
            return decoder;
        } finally {
            lock.unlock();
        }
    }

    /** Every shard must return as many columns as the first one; checked before the first row. */
    void expectWidth(int columns) {
        this.expectedWidth = columns;
    }

    @Override
    public Row next() {
        ByteBuf payload;
        boolean scheduleResume = false;
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    return null;
                }
                if (error != null) {
                    throw error;
                }
                payload = queue.poll();
                if (payload != null) {
                    queuedBytes -= payload.readableBytes();
                    if (paused && !resumeScheduled && belowHalf()) {
                        resumeScheduled = scheduleResume = true;
                    }
                    break;
                }
                if (state == State.ENDED) {
                    return null;
                }
                consumerWaiting = true;
                try {
                    changed.awaitUninterruptibly();
                } finally {
                    consumerWaiting = false;
                }
            }
        } finally {
            lock.unlock();
        }
        if (scheduleResume) {
            connection.eventLoop().execute(this::resumeIfDrained);
        }
        try {
            checkWidth();
            return decoder.decode(payload);
        } catch (MalformedPacketException e) {
            throw ShardErrors.unreadable(connection.describe(), e.getMessage());
        } finally {
            payload.release();
        }
    }

    private void checkWidth() {
        if (!widthChecked) {
            widthChecked = true;
            int width = decoder.columns().size();
            if (expectedWidth >= 0 && width != expectedWidth) {
                throw ShardErrors.widthMismatch(connection.describe(), width, expectedWidth);
            }
        }
    }

    /** Stops consuming: queued rows are freed and the rest of the response is read and discarded. */
    @Override
    public void close() {
        boolean scheduleResume;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            releaseQueue();
            scheduleResume = paused && !resumeScheduled;
            resumeScheduled |= scheduleResume;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (scheduleResume) {
            connection.eventLoop().execute(this::resumeIfDrained);
        }
    }

    // ---------------------------------------------------------------- for the executor

    /** Completes once the connection is idle again: response read to its end, failed, or never sent. */
    CompletableFuture<Void> finished() {
        return finished;
    }

    /** The statement was sent and its response has not ended. */
    boolean running() {
        lock.lock();
        try {
            return state == State.RUNNING;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Status flags of the response's end, or -1 when it failed or never ran. Valid once {@link #finished()}
     * completed (whose completion publishes it).
     */
    int finalStatus() {
        return finalStatus;
    }

    /**
     * The answer the client gets because this shard's connection was abandoned (it did not stop within the
     * grace after KILL QUERY), or null. Valid once {@link #finished()} completed.
     */
    ErrPacket abandoned() {
        return abandoned;
    }

    /** Warnings the result's terminator counted. Valid once {@link #finished()} completed. */
    int warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "ShardStream(" + connection.describe() + ": " + sql + ")";
    }
}
