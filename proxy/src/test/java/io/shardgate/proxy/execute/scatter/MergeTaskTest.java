package io.shardgate.proxy.execute.scatter;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.CharsetId;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ColumnFlags;
import io.shardgate.proxy.protocol.ColumnType;
import io.shardgate.proxy.protocol.EofPacket;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.proxy.protocol.TextRow;
import io.shardgate.proxy.protocol.WireFormat;
import io.shardgate.proxy.session.Session;
import io.shardgate.router.merge.RowStreamException;
import io.shardgate.router.merge.AggregateFunction;
import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.SortKey;
import io.shardgate.router.plan.Aggregate;
import io.shardgate.router.plan.Limit;
import io.shardgate.router.plan.MergeShards;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Route;
import io.shardgate.router.plan.Sort;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A whole scatter statement over fake backends: shard streams, lanes, the merge thread and the client writes. */
class MergeTaskTest {

    private static final List<ColumnDefinition41> COLUMNS = List.of(Wire.bigint("id"), Wire.varchar("name"));
    private static final SortKey BY_ID = new SortKey(0, false);

    private final TestLoop loop = new TestLoop();
    private final ClientChannel client = new ClientChannel();
    private final Session session = new Session(7, "127.0.0.1");
    private final RecordingCallback callback = new RecordingCallback();
    private final List<ShardStream> streams = new ArrayList<>();

    MergeTaskTest() {
        session.login("app", "shop", Capabilities.PROTOCOL_41, CharsetId.UTF8MB4_GENERAL_CI);
    }

    /** The reads of {@code shards} shards, each sent {@code order}. */
    private static MergeShards shards(int shards, SortKey... order) {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            routes.add(new Route("node", "SELECT id, name FROM orders_000" + i, false));
        }
        return new MergeShards(routes, List.of(order));
    }

    /** SELECT id, name FROM orders ORDER BY id. */
    private static ReadPlan orderById(int shards) {
        return new Sort(shards(shards, BY_ID), List.of(BY_ID));
    }

    /** Runs the statement, route i on {@code connections.get(i)} (the same fake twice = one lane). */
    private List<MysqlPacket> run(ReadPlan tree, List<FakeShard> connections, boolean moreFollows) {
        List<Route> routes = tree.leaves().getFirst().routes();
        Map<FakeShard, List<ShardStream>> lanes = new IdentityHashMap<>();
        List<FakeShard> order = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            FakeShard c = connections.get(i);
            ShardStream s = new ShardStream(c, routes.get(i).sql());
            streams.add(s);
            if (!lanes.containsKey(c)) {
                order.add(c);
            }
            lanes.computeIfAbsent(c, k -> new ArrayList<>()).add(s);
        }
        List<ConnectionLane> laneList = order.stream().map(c -> new ConnectionLane(c, lanes.get(c))).toList();
        ClientResponse response = new ClientResponse(session, new RecordingCallback.Output(client.stream(1), moreFollows, callback),
                null);
        laneList.forEach(ConnectionLane::start);
        Thread.ofVirtual().start(new MergeTask(tree, streams, laneList, response, loop, client.channel.alloc(), false));
        loop.runUntil(callback::called);
        assertThat(streams).allSatisfy(s -> assertThat(s.finished()).isDone());
        return client.packets();
    }

    private static List<ByteBuf> rows(Object... idAndName) {
        List<ByteBuf> rows = new ArrayList<>();
        for (int i = 0; i < idAndName.length; i += 2) {
            rows.add(Wire.row(String.valueOf(idAndName[i]), (String) idAndName[i + 1]));
        }
        return rows;
    }

    /** The text rows of a classic (EOF) result with {@code columns} columns, as strings. */
    private static List<List<String>> rowsOf(List<MysqlPacket> packets, int columns) {
        List<List<String>> rows = new ArrayList<>();
        for (MysqlPacket p : packets.subList(2 + columns, packets.size() - 1)) {
            List<String> row = new ArrayList<>();
            TextRow.decode(p.payload(), columns).values().forEach(v -> row.add(v == null ? null : new String(v)));
            rows.add(row);
        }
        return rows;
    }

    @Test
    void shardsOnTheirOwnConnectionsAreMergedInOrder() {
        FakeShard a = new FakeShard(loop, "a").result(COLUMNS, rows(1, "x", 3, "z", 5, "v"));
        FakeShard b = new FakeShard(loop, "b").result(COLUMNS, rows(2, "y", 4, null));
        List<MysqlPacket> packets = run(orderById(2), List.of(a, b), false);

        assertThat(callback.failed).isFalse();
        assertThat(packets).extracting(MysqlPacket::sequenceId).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(WireFormat.readLengthEncodedInt(packets.get(0).payload().duplicate())).isEqualTo(2);
        assertThat(ColumnDefinition41.decode(packets.get(1).payload())).isEqualTo(COLUMNS.get(0));
        assertThat(rowsOf(packets, 2)).containsExactly(List.of("1", "x"), List.of("2", "y"), List.of("3", "z"),
                java.util.Arrays.asList("4", null), List.of("5", "v"));
        assertThat(EofPacket.decode(packets.getLast().payload(), Capabilities.PROTOCOL_41).statusFlags())
                .isEqualTo(ServerStatus.AUTOCOMMIT);
        ClientChannel.release(packets);
    }

    @Test
    void shardsSharingAConnectionRunOneAfterAnotherAndStillComeOutSorted() {
        FakeShard node = new FakeShard(loop, "node")
                .result(COLUMNS, rows(1, "x", 4, "w"))
                .result(COLUMNS, rows(2, "y", 3, "z"));
        List<MysqlPacket> packets = run(orderById(2), List.of(node, node), false);

        assertThat(node.executed).containsExactly("SELECT id, name FROM orders_0000", "SELECT id, name FROM orders_0001");
        assertThat(rowsOf(packets, 2)).extracting(r -> r.get(0)).containsExactly("1", "2", "3", "4");
        ClientChannel.release(packets);
    }

    @Test
    void partialCountsAreAddedUpWithTheClientsMetadata() {
        ColumnDefinition41 count = Wire.column("count(*)", ColumnType.LONGLONG, CharsetId.BINARY, 21,
                ColumnFlags.NOT_NULL | ColumnFlags.BINARY | ColumnFlags.NUM, 0);
        ReadPlan countAll = new Aggregate(shards(3), List.of(),
                List.of(new AggregateSpec(AggregateFunction.COUNT, 0, -1, false, null)));
        FakeShard node = new FakeShard(loop, "node")
                .result(List.of(count), List.of(Wire.row("2")))
                .result(List.of(count), List.of(Wire.row("3")));
        FakeShard other = new FakeShard(loop, "other").result(List.of(count), List.of(Wire.row("10")));
        List<MysqlPacket> packets = run(countAll, List.of(node, other, node), true);

        assertThat(ColumnDefinition41.decode(packets.get(1).payload())).isEqualTo(count);
        assertThat(rowsOf(packets, 1)).containsExactly(List.of("15"));
        // more statements follow in this query: the terminator says so
        assertThat(EofPacket.decode(packets.getLast().payload(), Capabilities.PROTOCOL_41).statusFlags())
                .isEqualTo(ServerStatus.AUTOCOMMIT | ServerStatus.MORE_RESULTS_EXISTS);
        ClientChannel.release(packets);
    }

    @Test
    void aShardErrorBeforeAnyRowIsTheClientsErrAndTheOthersAreCancelled() {
        FakeShard failing = new FakeShard(loop, "a").error(Wire.err(1146, "42S02", "Table 'shop.orders_0000' doesn't exist"));
        FakeShard slow = new FakeShard(loop, "b").hanging();
        List<MysqlPacket> packets = run(orderById(2), List.of(failing, slow), false);

        assertThat(callback.failed).isTrue();
        assertThat(packets).hasSize(1);
        assertThat(ErrPacket.decode(packets.get(0).payload()))
                .isEqualTo(new ErrPacket(1146, "42S02", "Table 'shop.orders_0000' doesn't exist"));
        assertThat(slow.cancels).isEqualTo(1);
        ClientChannel.release(packets);
    }

    @Test
    void aShardErrorAfterRowsWereWrittenClosesTheClientConnection() {
        List<ByteBuf> many = new ArrayList<>();
        // enough rows that a batch went out before the error arrives, whatever the threads' timing: the
        // error comes after the last row, when at most a full shard queue (256) is still unread
        for (int i = 0; i < 3 * MergeTask.BATCH_ROWS; i++) {
            many.add(Wire.row(Integer.toString(i), "n"));
        }
        FakeShard a = new FakeShard(loop, "a").result(COLUMNS, many, Wire.err(1317, "70100", "Query execution was interrupted"));
        FakeShard b = new FakeShard(loop, "b").result(COLUMNS, rows(1, "x"));
        List<MysqlPacket> packets = run(shards(2), List.of(a, b), false);

        assertThat(callback.failed).isNull();
        assertThat(callback.fatal).isInstanceOfSatisfying(RowStreamException.class,
                e -> assertThat(e.errorCode()).isEqualTo(1317));
        assertThat(packets.size()).isGreaterThanOrEqualTo(4 + MergeTask.BATCH_ROWS);
        ClientChannel.release(packets);
    }

    @Test
    void aSatisfiedLimitDrainsTheReadsOfItsConnection() {
        List<ByteBuf> first = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            first.add(Wire.row(Integer.toString(i), "n"));
        }
        List<ByteBuf> second = rows(7, "late");
        ReadPlan limitOne = new Limit(shards(2), 0, 1L);
        FakeShard node = new FakeShard(loop, "node").result(COLUMNS, first).result(COLUMNS, second);
        List<MysqlPacket> packets = run(limitOne, List.of(node, node), false);

        assertThat(callback.failed).isFalse();
        assertThat(rowsOf(packets, 2)).containsExactly(List.of("0", "n"));
        // the first read was read to its end and dropped; the second is skipped when it was closed before its
        // turn, else sent and drained too: either way the connection is idle and nothing is held
        assertThat(node.deliveredRows).isGreaterThanOrEqualTo(1000);
        assertThat(node.paused).isFalse();
        assertThat(first).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        if (node.executed.size() == 2) {
            assertThat(second).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        }
        ClientChannel.release(packets);
    }

    @Test
    void aReadClosedBeforeItsTurnIsNotSent() {
        FakeShard node = new FakeShard(loop, "node").hanging().result(COLUMNS, rows(7, "never"));
        ShardStream running = new ShardStream(node, "SELECT 1");
        ShardStream waiting = new ShardStream(node, "SELECT 2");
        ConnectionLane lane = new ConnectionLane(node, List.of(running, waiting));
        lane.start();
        running.close();
        waiting.close();
        lane.cancelRunning();
        loop.runUntil(() -> waiting.finished().isDone());
        assertThat(node.executed).containsExactly("SELECT 1");
        assertThat(node.cancels).isEqualTo(1);
        assertThat(running.finished()).isDone();
    }

    @Test
    void shardsDisagreeingOnTheColumnsIsAnError() {
        FakeShard a = new FakeShard(loop, "a").result(COLUMNS, rows(1, "x"));
        FakeShard b = new FakeShard(loop, "b").result(List.of(Wire.bigint("id")), List.of(Wire.row("2")));
        List<MysqlPacket> packets = run(shards(2), List.of(a, b), false);

        assertThat(callback.failed).isTrue();
        ErrPacket err = ErrPacket.decode(packets.getLast().payload());
        assertThat(err.errorCode()).isEqualTo(1105);
        assertThat(err.message()).contains("b returned 1 columns where the first shard returned 2");
        ClientChannel.release(packets);
    }
}
