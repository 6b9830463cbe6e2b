package io.shardgate.proxy.execute.scatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.backend.PacketKind;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Row;
import io.shardgate.router.merge.RowStreamException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ShardStreamTest {

    private final TestLoop loop = new TestLoop();
    private final FakeShard shard = new FakeShard(loop, "shard-a");
    private static final List<ColumnDefinition41> COLUMNS = List.of(Wire.bigint("id"), Wire.varchar("name"));

    private static List<ByteBuf> rows(int n) {
        List<ByteBuf> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(Wire.row(Integer.toString(i), "name-" + i));
        }
        return rows;
    }

    @Test
    void rowsArriveTypedAndTheStreamEnds() {
        shard.result(COLUMNS, rows(2));
        ShardStream stream = new ShardStream(shard, "SELECT id, name FROM orders_0001");
        stream.start();
        loop.runPending();

        assertThat(shard.executed).containsExactly("SELECT id, name FROM orders_0001");
        assertThat(stream.columns()).extracting(ColumnMeta::name).containsExactly("id", "name");
        assertThat(stream.definitions()).isEqualTo(COLUMNS);
        assertThat(stream.next()).isEqualTo(new Row(new Object[] {1L, "name-1"}));
        assertThat(stream.next()).isEqualTo(new Row(new Object[] {2L, "name-2"}));
        assertThat(stream.next()).isNull();
        assertThat(stream.finished()).isDone();
        assertThat(stream.finalStatus()).isEqualTo(ServerStatus.AUTOCOMMIT);
        assertThat(stream.running()).isFalse();
    }

    @Test
    void aFullQueuePausesReadingAndDrainingBelowHalfResumesIt() {
        shard.result(COLUMNS, rows(10));
        ShardStream stream = new ShardStream(shard, "q", 4, Long.MAX_VALUE);
        stream.start();
        loop.runPending();
        assertThat(shard.deliveredRows).isEqualTo(4);
        assertThat(shard.pauses).isEqualTo(1);

        stream.next(); // 3 queued: above half, no resume yet
        loop.runPending();
        assertThat(shard.resumes).isZero();

        stream.next(); // 2 queued: half, reading resumes until full again
        loop.runPending();
        assertThat(shard.resumes).isEqualTo(1);
        assertThat(shard.deliveredRows).isEqualTo(6);
        assertThat(shard.pauses).isEqualTo(2);

        for (int expected = 3; expected <= 10; expected++) {
            assertThat(stream.next().get(0)).isEqualTo((long) expected);
            loop.runPending();
        }
        assertThat(stream.next()).isNull();
        assertThat(shard.paused).isFalse();
        assertThat(stream.finished()).isDone();
    }

    @Test
    void theByteBoundPausesToo() {
        shard.result(COLUMNS, rows(10));
        ByteBuf sample = Wire.row("1", "name-1");
        int rowBytes = sample.readableBytes();
        sample.release();
        ShardStream stream = new ShardStream(shard, "q", 1000, 3L * rowBytes);
        stream.start();
        loop.runPending();
        assertThat(shard.deliveredRows).isEqualTo(3);
        assertThat(shard.pauses).isEqualTo(1);
        stream.close();
        loop.runPending();
    }

    private static void feed(ShardStream stream, PacketKind kind, ByteBuf payload) {
        stream.onPacket(new MysqlPacket(1, payload), kind);
    }

    @Test
    void theEndOfTheResponseResumesAPausedConnection() {
        shard.hanging(); // the test plays the socket
        ShardStream stream = new ShardStream(shard, "q", 4, Long.MAX_VALUE);
        stream.start();
        feed(stream, PacketKind.COLUMN_COUNT, Wire.columnCount(2));
        COLUMNS.forEach(c -> feed(stream, PacketKind.COLUMN_DEFINITION, Wire.definition(c)));
        feed(stream, PacketKind.INTERMEDIATE_EOF, Wire.eof(ServerStatus.AUTOCOMMIT));
        rows(4).forEach(r -> feed(stream, PacketKind.ROW, r));
        assertThat(shard.paused).isTrue();
        // the terminator had been read before the pause took effect
        feed(stream, PacketKind.TERMINATOR, Wire.eof(ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS));
        stream.onComplete(ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS);

        assertThat(shard.paused).isFalse();
        assertThat(shard.resumes).isEqualTo(1);
        assertThat(stream.finished()).isDone();
        assertThat(stream.finalStatus()).isEqualTo(ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS);
        for (int i = 0; i < 4; i++) {
            assertThat(stream.next()).isNotNull();
        }
        assertThat(stream.next()).isNull();
    }

    @Test
    void aBackendErrorBeforeTheColumnsSurfacesWithItsCodeAndState() {
        shard.error(Wire.err(1146, "42S02", "Table 'shop.orders_0001' doesn't exist"));
        ShardStream stream = new ShardStream(shard, "q");
        stream.start();
        loop.runPending();
        assertThatThrownBy(stream::columns).isInstanceOfSatisfying(RowStreamException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(1146);
            assertThat(e.sqlState()).isEqualTo("42S02");
            assertThat(e.getMessage()).isEqualTo("Table 'shop.orders_0001' doesn't exist");
        });
        assertThatThrownBy(stream::next).isInstanceOf(RowStreamException.class);
        assertThat(stream.finished()).isDone();
        assertThat(stream.finalStatus()).isEqualTo(ServerStatus.AUTOCOMMIT);
    }

    @Test
    void aBackendErrorAfterRowsEndsTheStreamWithIt() {
        List<ByteBuf> rows = rows(3);
        shard.result(COLUMNS, rows, Wire.err(1317, "70100", "Query execution was interrupted"));
        ShardStream stream = new ShardStream(shard, "q");
        stream.start();
        loop.runPending();
        assertThat(stream.columns()).hasSize(2);
        assertThatThrownBy(stream::next).isInstanceOfSatisfying(RowStreamException.class,
                e -> assertThat(e.errorCode()).isEqualTo(1317));
        assertThat(rows).allSatisfy(r -> assertThat(r.refCnt()).isZero());
    }

    @Test
    void closingEarlyFreesTheQueueAndDrainsTheRest() {
        List<ByteBuf> rows = rows(50);
        shard.result(COLUMNS, rows);
        ShardStream stream = new ShardStream(shard, "q", 4, Long.MAX_VALUE);
        stream.start();
        loop.runPending();
        assertThat(stream.next().get(0)).isEqualTo(1L);
        assertThat(shard.paused).isTrue();

        stream.close();
        assertThat(stream.next()).isNull();
        loop.runPending(); // reading resumes; the other rows are read and dropped
        assertThat(shard.deliveredRows).isEqualTo(50);
        assertThat(stream.finished()).isDone();
        assertThat(shard.paused).isFalse();
        assertThat(rows).allSatisfy(r -> assertThat(r.refCnt()).isZero());
        stream.close(); // idempotent
    }

    @Test
    void aStreamClosedBeforeItsTurnIsNeverSent() {
        shard.result(COLUMNS, rows(1));
        ShardStream stream = new ShardStream(shard, "q");
        stream.close();
        stream.start();
        loop.runPending();
        assertThat(shard.executed).isEmpty();
        assertThat(stream.finished()).isDone();
        assertThat(stream.finalStatus()).isEqualTo(-1);
    }

    @Test
    void aLostConnectionIs2013() {
        shard.hanging();
        ShardStream stream = new ShardStream(shard, "q");
        stream.start();
        assertThat(stream.running()).isTrue();
        stream.onFailure(new IllegalStateException("connection reset"));
        assertThatThrownBy(stream::columns).isInstanceOfSatisfying(RowStreamException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(2013);
            assertThat(e.getMessage()).contains("shard-a").contains("connection reset");
        });
        assertThat(stream.finished()).isDone();
        assertThat(stream.finalStatus()).isEqualTo(-1);
    }

    @Test
    void anOkInsteadOfAResultSetIsAnError() {
        shard.hanging();
        ShardStream stream = new ShardStream(shard, "q");
        stream.start();
        feed(stream, PacketKind.OK, Wire.payload(b -> OkPacket.of(0, 0, 2, 0).encode(b, Capabilities.PROTOCOL_41)));
        stream.onComplete(ServerStatus.AUTOCOMMIT);
        assertThatThrownBy(stream::columns).isInstanceOfSatisfying(RowStreamException.class,
                e -> assertThat(e.getMessage()).contains("without a result set"));
    }

    @Test
    void aShardWithOtherColumnsThanTheFirstIsRefused() {
        shard.result(COLUMNS, rows(1));
        ShardStream stream = new ShardStream(shard, "q");
        stream.expectWidth(3);
        stream.start();
        loop.runPending();
        assertThatThrownBy(stream::next).isInstanceOfSatisfying(RowStreamException.class,
                e -> assertThat(e.getMessage()).contains("returned 2 columns where the first shard returned 3"));
    }

    @Test
    void aConsumerOnAnotherThreadNeverLetsTheQueueGrowPastItsBound() throws Exception {
        int total = 5000;
        shard.result(COLUMNS, rows(total));
        ShardStream stream = new ShardStream(shard, "q", 16, Long.MAX_VALUE);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Long> seen = new ArrayList<>();
        Thread consumer = Thread.ofVirtual().start(() -> {
            try {
                for (Row r = stream.next(); r != null; r = stream.next()) {
                    seen.add((Long) r.get(0));
                    shard.consumed.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        stream.start();
        loop.runUntil(() -> !consumer.isAlive());
        consumer.join();
        assertThat(failure.get()).isNull();
        assertThat(seen).hasSize(total);
        assertThat(seen.get(total - 1)).isEqualTo((long) total);
        // what was read from the "socket" minus what the consumer took: the bound, plus the row in its hands
        assertThat(shard.maxRowsAhead).isLessThanOrEqualTo(16 + 1);
        assertThat(shard.pauses).isGreaterThan(0);
        assertThat(stream.finished()).isDone();
    }
}
