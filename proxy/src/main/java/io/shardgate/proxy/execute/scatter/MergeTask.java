package io.shardgate.proxy.execute.scatter;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.shardgate.proxy.execute.ErrorSink;
import io.shardgate.proxy.execute.LogicalTableNames;
import io.shardgate.proxy.execute.rows.TextRowEncoder;
import io.shardgate.proxy.protocol.BinaryRow;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.MergedStream;
import io.shardgate.router.merge.Row;
import io.shardgate.router.merge.RowStream;
import io.shardgate.router.merge.RowStreamException;
import io.shardgate.router.plan.MergeShards;
import io.shardgate.router.plan.ReadContext;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.ReadTree;
import io.shardgate.router.plan.ShardInputs;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * The body of the virtual thread that merges one scatter statement: waits for the first shard's columns,
 * opens the plan's read tree ({@link ReadTree#open}) over the shard streams, pulls merged rows, encodes them
 * as text rows and hands them in batches to the client's event loop.
 *
 * <p><b>Back-pressure towards the client.</b> At most {@value #BATCHES_IN_FLIGHT} batches (each up to
 * {@value #BATCH_ROWS} rows or {@value #BATCH_BYTES} bytes) are handed over and not yet flushed to the
 * socket; the thread blocks before encoding past that. A slow client therefore stops this thread, the
 * shard queues fill up, and the shard connections stop reading: proxy memory stays bounded by
 * (shards x shard queue) + (batches in flight), except for merges that must hold rows by nature
 * (hash aggregation, DISTINCT, a sort the shards could not do), whose bounds the router documents.
 *
 * <p><b>Ordered merges.</b> The k-way merge needs every shard streaming at once; reads that share a
 * connection ({@link ConnectionLane}) cannot. When some connection serves several shards, the read tree is
 * told they cannot be read at once ({@link ShardInputs#parallel()}), so it does not rely on the shards' order
 * and sorts/aggregates in memory instead (bounded by LIMIT for sorts). The executor gives each shard its own
 * connection where it can, so that this is the exception.
 *
 * <p><b>Ending.</b> Success or failure, the statement is reported only after every shard connection is
 * idle again (the next statement may need them): on failure the streams are closed, reads still running
 * are cancelled (KILL QUERY; a connection whose read has not ended within a grace period after it is
 * abandoned, so a hung server cannot hold the statement) and drained. Then the {@link #whenEnded} action
 * runs (borrowed connections go back), and the client gets the terminator, or the first error as an ERR
 * packet when nothing was written yet; a failure after rows went out closes the client connection, except
 * a {@link #timeOut() timeout} or a refusal of the merge itself ({@code RowStreamException.endsResult()}: a
 * UNION whose later SELECT has other column types), which end the result with their ERR as a server would.
 */
final class MergeTask implements Runnable {

    static final int BATCH_ROWS = 256;
    static final int BATCH_BYTES = 32 * 1024;
    static final int BATCHES_IN_FLIGHT = 2;

    private final ReadPlan tree;
    /** One per route of the tree ({@link ReadPlan#routes()}), in that order. */
    private final List<ShardStream> shards;
    private final List<ConnectionLane> lanes;
    private final ClientResponse response;
    private final Executor clientLoop;
    private final ByteBufAllocator alloc;
    private final Semaphore inFlight = new Semaphore(BATCHES_IN_FLIGHT);

    private Runnable ended = () -> { };
    private Consumer<String> observer = description -> { };
    private LogicalTableNames tableNames;
    private long sortRowBudget = Long.MAX_VALUE;
    private long joinRowBudget = Long.MAX_VALUE;
    /** Set once by {@link #timeOut()}; the merge fails with it. */
    private volatile RowStreamException interruption;
    /** The thread running the merge, once it started: interrupted by a timeout if blocked on the client. */
    private volatile Thread runner;

    private MergedStream merged;
    private List<ByteBuf> batch = new ArrayList<>();
    private boolean headerSent;

    /** COM_STMT_EXECUTE wants binary rows; COM_QUERY text rows. */
    private final boolean binaryRows;

    /**
     * @param shards one per route of the tree ({@link ReadPlan#routes()}), in that order
     */
    MergeTask(ReadPlan tree, List<ShardStream> shards, List<ConnectionLane> lanes, ClientResponse response,
              Executor clientLoop, ByteBufAllocator alloc, boolean binaryRows) {
        this.binaryRows = binaryRows;
        this.tree = tree;
        this.shards = List.copyOf(shards);
        this.lanes = List.copyOf(lanes);
        this.response = response;
        this.clientLoop = clientLoop;
        this.alloc = alloc;
    }

    /** Runs after every shard connection is idle again, before the client is answered. */
    MergeTask whenEnded(Runnable action) {
        this.ended = action;
        return this;
    }

    /** Receives the operators the read tree opened into ({@link MergedStream#describe()}). */
    MergeTask observing(Consumer<String> descriptions) {
        this.observer = descriptions;
        return this;
    }

    /** The result's metadata names logical tables, not shards ({@code null}: nothing to rename). */
    MergeTask renaming(LogicalTableNames names) {
        this.tableNames = names;
        return this;
    }

    /** The most rows an in-memory sort of this merge may hold ({@code proxy.max-sort-rows}). */
    MergeTask sortingAtMost(long rows) {
        this.sortRowBudget = rows;
        return this;
    }

    /** The most rows a join of this merge may hold of its build side ({@code proxy.max-join-rows}). */
    MergeTask joiningAtMost(long rows) {
        this.joinRowBudget = rows;
        return this;
    }

    /**
     * The statement's max execution time ran out: the merge stops with error 3024 wherever it waits (for a
     * shard's rows, or for the client to take rows), then cleans up as after any failure. Any thread.
     */
    void timeOut() {
        RowStreamException reason = ShardErrors.timedOut();
        interruption = reason;
        shards.forEach(s -> s.interrupt(reason));
        Thread t = runner;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void run() {
        runner = Thread.currentThread();
        try {
            stream();
        } catch (Throwable t) {
            abort(t);
        }
    }

    private void stream() {
        ShardStream first = shards.getFirst();
        List<ColumnMeta> columns = first.columns();
        // the first leaf's shards answer the client's columns; a later leaf (a UNION's next SELECT) is checked
        // against its own first shard when the tree opens it
        shards.subList(0, tree.leaves().getFirst().routes().size()).forEach(s -> s.expectWidth(columns.size()));
        merged = ReadTree.open(tree, readContext());
        observer.accept(merged.describe());
        // a join's rows combine the columns of two leaves: each described by its own first shard
        Map<MergeShards, ShardStream> firstOfLeaf = new IdentityHashMap<>();
        int at = 0;
        for (MergeShards leaf : tree.leaves()) {
            firstOfLeaf.put(leaf, shards.get(at));
            at += leaf.routes().size();
        }
        List<ColumnDefinition41> definitions = tree.shardColumns(leaf -> firstOfLeaf.get(leaf).definitions());
        List<ColumnDefinition41> shardColumns = tree.setResult()
                ? definitions.stream().map(ClientColumns::withoutTable).toList()
                : tableNames == null ? definitions
                : definitions.stream().map(tableNames::rename).toList();
        List<ColumnDefinition41> header = ClientColumns.of(shardColumns, merged.columns());
        TextRowEncoder encoder = binaryRows ? null : new TextRowEncoder(header);
        int bytes = 0;
        long rows = 0;
        for (Row row = merged.next(); row != null; row = merged.next()) {
            rows++;
            ByteBuf payload = alloc.buffer();
            batch.add(payload); // owned by the batch before encoding, so a failure still frees it
            if (encoder != null) {
                encoder.encode(row, payload);
            } else {
                new BinaryRow(java.util.Arrays.asList(row.values())).encode(payload, header);
            }
            bytes += payload.readableBytes();
            if (batch.size() >= BATCH_ROWS || bytes >= BATCH_BYTES) {
                send(header);
                bytes = 0;
            }
        }
        merged.close();
        shards.forEach(ShardStream::close); // reads of inputs a LIMIT never reached: their connections drain
        awaitShards();
        RowStreamException interrupted = interruption;
        if (interrupted != null) {
            // a shard may end normally after its KILL QUERY (an interrupted SLEEP returns 1): the statement still
            // ran out of time, and says so
            throw interrupted;
        }
        ended.run();
        List<ColumnDefinition41> pendingHeader = headerSent ? null : header;
        List<ByteBuf> last = handOver();
        long returned = rows;
        clientLoop.execute(() -> response.finish(pendingHeader, last, shards, returned));
    }

    /**
     * The tree's view of this statement's reads: each leaf gets its shard streams, which can be read at once
     * only when no connection serves several of them; sorts are bounded by {@code proxy.max-sort-rows}.
     */
    private ReadContext readContext() {
        boolean everyShardStreams = lanes.stream().allMatch(l -> l.size() == 1);
        Map<MergeShards, List<ShardStream>> byLeaf = new IdentityHashMap<>();
        int next = 0;
        for (MergeShards leaf : tree.leaves()) {
            byLeaf.put(leaf, List.copyOf(shards.subList(next, next + leaf.routes().size())));
            next += leaf.routes().size();
        }
        MergeShards firstLeaf = tree.leaves().getFirst();
        return new ReadContext() {
            @Override
            public ShardInputs open(MergeShards leaf) {
                List<ShardStream> streams = byLeaf.get(leaf);
                if (leaf != firstLeaf) {
                    int width = streams.getFirst().columns().size();
                    streams.forEach(s -> s.expectWidth(width));
                }
                return new ShardInputs(List.<RowStream>copyOf(streams), everyShardStreams);
            }

            @Override
            public long maxSortRows() {
                return sortRowBudget;
            }

            @Override
            public long maxJoinRows() {
                return joinRowBudget;
            }
        };
    }

    /** Hands the batch to the client loop once fewer than the maximum of batches are unflushed. */
    private void send(List<ColumnDefinition41> header) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            RowStreamException reason = interruption;
            throw reason != null ? reason : ShardErrors.proxy("the cross-shard merge was interrupted");
        }
        if (!response.clientConnected()) {
            inFlight.release();
            throw new ClientGone();
        }
        List<ColumnDefinition41> pendingHeader = headerSent ? null : header;
        headerSent = true;
        List<ByteBuf> rows = handOver();
        clientLoop.execute(() -> response.rows(pendingHeader, rows).addListener(f -> inFlight.release()));
    }

    private List<ByteBuf> handOver() {
        List<ByteBuf> rows = batch;
        batch = new ArrayList<>();
        return rows;
    }

    private void abort(Throwable failure) {
        batch.forEach(ByteBuf::release);
        batch.clear();
        try {
            if (merged != null) {
                merged.close();
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        // close first, so lanes send no further reads; then stop the ones running
        shards.forEach(ShardStream::close);
        List<CompletableFuture<Void>> kills = lanes.stream().map(ConnectionLane::cancelRunning).toList();
        awaitShards();
        CompletableFuture.allOf(kills.toArray(CompletableFuture[]::new)).join();
        Thread.interrupted(); // a timeout's interrupt has done its work; clear it
        try {
            ended.run();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        ErrPacket err = ErrorSink.toErr(failure, "shardgate could not merge the shards\' results");
        if (failure == interruption) {
            // a shard that did not stop was abandoned: its answer may say more (the transaction went with it)
            err = shards.stream().map(ShardStream::abandoned).filter(java.util.Objects::nonNull).findFirst()
                    .orElse(err);
        }
        ErrPacket answer = err;
        if (!headerSent) {
            clientLoop.execute(() -> response.error(answer));
        } else if (interruption != null && failure == interruption
                || failure instanceof RowStreamException e && e.endsResult()) {
            clientLoop.execute(() -> response.errorAfterRows(answer));
        } else {
            clientLoop.execute(() -> response.fatal(failure));
        }
    }

    private void awaitShards() {
        CompletableFuture.allOf(shards.stream().map(ShardStream::finished).toArray(CompletableFuture[]::new)).join();
    }

    /** The client went away while rows were being produced. */
    private static final class ClientGone extends RuntimeException {
        ClientGone() {
            super("the client disconnected during a cross-shard result", null, false, false);
        }
    }
}
