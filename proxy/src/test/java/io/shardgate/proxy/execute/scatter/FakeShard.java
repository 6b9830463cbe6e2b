package io.shardgate.proxy.execute.scatter;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.backend.PacketKind;
import io.shardgate.proxy.backend.ResponseHandler;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.ServerStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend connection for shard-stream tests. Responses are scripted per statement and delivered on the
 * test loop the way a socket would: packet by packet until the stream pauses reading, continuing when it
 * resumes. A response may be held (the statement "runs" until cancelled: KILL QUERY then ends it with 1317).
 */
final class FakeShard implements ShardConnection {

    record Packet(PacketKind kind, ByteBuf payload) {
    }

    /** Stands for "no answer" in the response queue. */
    private static final List<Packet> HANG = new ArrayList<>();

    private final Executor loop;
    private final String name;
    private final Deque<List<Packet>> responses = new ArrayDeque<>();
    /** Responses that, once delivered, stay open until cancelled (identity: the lists themselves). */
    private final java.util.Set<List<Packet>> heldAfter =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    final List<String> executed = new ArrayList<>();
    final AtomicInteger consumed = new AtomicInteger();
    int pauses;
    int resumes;
    int cancels;
    /** What the last {@link #cancel()} returned: completes once the "KILL" was answered. */
    volatile CompletableFuture<Void> lastCancel;
    int deliveredRows;
    int maxRowsAhead;
    boolean paused;

    private ResponseHandler handler;
    private Deque<Packet> current;
    private boolean held;

    FakeShard(Executor loop, String name) {
        this.loop = loop;
        this.name = name;
    }

    /** A result set: count, definitions, EOF, rows, EOF terminator (the order of a non-DEPRECATE_EOF server). */
    FakeShard result(List<ColumnDefinition41> columns, List<ByteBuf> rows) {
        return result(columns, rows, null);
    }

    /** As {@link #result(List, List)}, then this ERR instead of the terminator when {@code err} is non-null. */
    FakeShard result(List<ColumnDefinition41> columns, List<ByteBuf> rows, ByteBuf err) {
        List<Packet> packets = new ArrayList<>();
        packets.add(new Packet(PacketKind.COLUMN_COUNT, Wire.columnCount(columns.size())));
        columns.forEach(c -> packets.add(new Packet(PacketKind.COLUMN_DEFINITION, Wire.definition(c))));
        packets.add(new Packet(PacketKind.INTERMEDIATE_EOF, Wire.eof(ServerStatus.AUTOCOMMIT)));
        rows.forEach(r -> packets.add(new Packet(PacketKind.ROW, r)));
        packets.add(err != null ? new Packet(PacketKind.ERR, err)
                : new Packet(PacketKind.TERMINATOR, Wire.eof(ServerStatus.AUTOCOMMIT)));
        responses.add(packets);
        return this;
    }

    /** A result set's header and rows, then nothing until {@link #cancel()} (a statement still running). */
    FakeShard rowsThenHanging(List<ColumnDefinition41> columns, List<ByteBuf> rows) {
        List<Packet> packets = new ArrayList<>();
        packets.add(new Packet(PacketKind.COLUMN_COUNT, Wire.columnCount(columns.size())));
        columns.forEach(c -> packets.add(new Packet(PacketKind.COLUMN_DEFINITION, Wire.definition(c))));
        packets.add(new Packet(PacketKind.INTERMEDIATE_EOF, Wire.eof(ServerStatus.AUTOCOMMIT)));
        rows.forEach(r -> packets.add(new Packet(PacketKind.ROW, r)));
        responses.add(packets);
        heldAfter.add(packets);
        return this;
    }

    FakeShard error(ByteBuf err) {
        responses.add(List.of(new Packet(PacketKind.ERR, err)));
        return this;
    }

    /** The next statement gets no answer until {@link #cancel()}. */
    FakeShard hanging() {
        responses.add(HANG);
        return this;
    }

    @Override
    public void execute(MysqlPacket command, ResponseHandler responseHandler) {
        ByteBuf p = command.payload();
        executed.add(p.toString(p.readerIndex() + 1, p.readableBytes() - 1, StandardCharsets.UTF_8));
        command.release();
        handler = responseHandler;
        List<Packet> response = responses.poll();
        boolean silent = response == HANG || response == null;
        held = silent || heldAfter.contains(response);
        current = silent ? new ArrayDeque<>() : new ArrayDeque<>(response);
        if (!silent) {
            loop.execute(this::deliver);
        }
    }

    private void deliver() {
        while (!paused && current != null && !current.isEmpty()) {
            Packet p = current.poll();
            if (p.kind() == PacketKind.ROW) {
                deliveredRows++;
                maxRowsAhead = Math.max(maxRowsAhead, deliveredRows - consumed.get());
            }
            handler.onPacket(new MysqlPacket(1, p.payload()), p.kind());
        }
        if (current != null && current.isEmpty() && !held) {
            ResponseHandler h = handler;
            handler = null;
            current = null;
            h.onComplete(ServerStatus.AUTOCOMMIT);
        }
    }

    @Override
    public void pauseReading() {
        pauses++;
        paused = true;
    }

    @Override
    public void resumeReading() {
        resumes++;
        paused = false;
        loop.execute(this::deliver);
    }

    @Override
    public Executor eventLoop() {
        return loop;
    }

    @Override
    public CompletableFuture<Void> cancel() {
        cancels++;
        CompletableFuture<Void> answered = new CompletableFuture<>();
        lastCancel = answered;
        loop.execute(() -> {
            if (held && handler != null) {
                held = false;
                current.add(new Packet(PacketKind.ERR, Wire.err(1317, "70100", "Query execution was interrupted")));
                deliver();
            }
            answered.complete(null);
        });
        return answered;
    }

    @Override
    public String describe() {
        return name;
    }

    /** Scripted responses nobody asked for. */
    int unusedResponses() {
        return responses.size();
    }
}
