package io.shardgate.proxy.execute.scatter;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.execute.StatementDeadline;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.CharsetId;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.TextRow;
import io.shardgate.proxy.session.Session;
import io.shardgate.router.merge.AggregateFunction;
import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.SortKey;
import io.shardgate.router.plan.Aggregate;
import io.shardgate.router.plan.MergeShards;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Route;
import io.shardgate.router.plan.Sort;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Which connections a scatter's shard reads get, and what that means for the merge: shards sharing a node
 * stream on connections of their own (the merge interleaves them, no in-memory sort) unless the session may
 * not lend connections or the pool has none; and how a statement timeout ends a scatter everywhere.
 */
class ScatterExecutorTest {

    private static final List<ColumnDefinition41> COLUMNS = List.of(Wire.bigint("id"), Wire.varchar("name"));
    private static final SortKey BY_ID = new SortKey(0, false);

    private final TestLoop loop = new TestLoop();
    private final ClientChannel client = new ClientChannel();
    private final Session session = new Session(7, "127.0.0.1");
    private final RecordingCallback callback = new RecordingCallback();
    private final Connections connections = new Connections();
    private final List<String> merges = new CopyOnWriteArrayList<>();

    /** Pinned connections per node, spare connections to lend per node, and what happened to them. */
    private static final class Connections implements ScatterConnections {
        final Map<String, FakeShard> pinned = new HashMap<>();
        final Map<String, Deque<FakeShard>> spare = new HashMap<>();
        boolean mayBorrow = true;
        Set<String> synced = Set.of();
        int borrowRequests;
        final List<ShardConnection> givenBack = new CopyOnWriteArrayList<>();
        /** For each connection given back: had the KILL sent to it (if any) been answered? */
        final List<Boolean> killAnsweredAtGiveBack = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<ShardConnection> pinned(String node, boolean primary) {
            return CompletableFuture.completedFuture(pinned.get(node));
        }

        @Override
        public boolean mayBorrow() {
            return mayBorrow;
        }

        @Override
        public Set<String> syncedUserVariables() {
            return synced;
        }

        @Override
        public CompletableFuture<ShardConnection> borrow(String node, boolean primary) {
            borrowRequests++;
            Deque<FakeShard> s = spare.get(node);
            return CompletableFuture.completedFuture(s == null ? null : s.poll());
        }

        @Override
        public void giveBack(ShardConnection borrowed) {
            CompletableFuture<Void> kill = ((FakeShard) borrowed).lastCancel;
            killAnsweredAtGiveBack.add(kill == null || kill.isDone());
            givenBack.add(borrowed);
        }
    }

    ScatterExecutorTest() {
        session.login("app", "shop", Capabilities.PROTOCOL_41, CharsetId.UTF8MB4_GENERAL_CI);
    }

    /** SELECT id, name FROM orders ORDER BY id, shard i on {@code nodes[i]}. */
    private static ReadPlan orderById(String... nodes) {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            routes.add(new Route(nodes[i], "SELECT id, name FROM orders_000" + i, false));
        }
        return orderById(routes);
    }

    private static ReadPlan orderById(List<Route> routes) {
        return new Sort(new MergeShards(routes, List.of(BY_ID)), List.of(BY_ID));
    }

    private FakeShard pinned(String node) {
        FakeShard s = new FakeShard(loop, node + "-pinned");
        connections.pinned.put(node, s);
        return s;
    }

    private FakeShard spare(String node, int i) {
        FakeShard s = new FakeShard(loop, node + "-extra" + i);
        connections.spare.computeIfAbsent(node, k -> new ArrayDeque<>()).add(s);
        return s;
    }

    private List<MysqlPacket> run(ReadPlan tree, int extraPerNode, StatementDeadline deadline) {
        start(tree, extraPerNode, deadline);
        loop.runUntil(callback::called);
        return client.packets();
    }

    private void start(ReadPlan tree, int extraPerNode, StatementDeadline deadline) {
        new ScatterExecutor(session, connections, loop, client.channel.alloc(), extraPerNode, deadline)
                .observingMerges(merges::add)
                .execute(tree, new RecordingCallback.Output(client.stream(1), false, callback));
    }

    private static List<ByteBuf> rows(int... ids) {
        List<ByteBuf> rows = new ArrayList<>();
        for (int id : ids) {
            rows.add(Wire.row(Integer.toString(id), "n" + id));
        }
        return rows;
    }

    private static List<String> ids(List<MysqlPacket> packets, int columns) {
        List<String> ids = new ArrayList<>();
        for (MysqlPacket p : packets.subList(2 + columns, packets.size() - 1)) {
            ids.add(new String(TextRow.decode(p.payload(), columns).values().get(0), StandardCharsets.UTF_8));
        }
        return ids;
    }

    @Test
    void shardsSharingANodeStreamOnConnectionsOfTheirOwnSoTheMergeNeedsNoMemorySort() {
        FakeShard a0 = pinned("n0").result(COLUMNS, rows(1, 5));
        FakeShard a1 = spare("n0", 1).result(COLUMNS, rows(2, 6));
        FakeShard b0 = pinned("n1").result(COLUMNS, rows(3, 7));
        FakeShard b1 = spare("n1", 1).result(COLUMNS, rows(4, 8));
        List<MysqlPacket> packets = run(orderById("n0", "n0", "n1", "n1"), 8, StatementDeadline.none());

        assertThat(callback.failed).isFalse();
        assertThat(ids(packets, 2)).containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
        for (FakeShard s : List.of(a0, a1, b0, b1)) {
            assertThat(s.executed).as(s.describe()).hasSize(1);
        }
        assertThat(merges).singleElement().satisfies(tree -> {
            assertThat(tree).contains("OrderedMerge").contains("4 inputs");
            assertThat(tree).doesNotContain("MemorySort");
        });
        assertThat(connections.givenBack).containsExactlyInAnyOrder(a1, b1);
        ClientChannel.release(packets);
    }

    @Test
    void groupByOverSharedNodesAggregatesAsTheRowsStream() {
        ReadPlan countById = new Aggregate(new MergeShards(List.of(
                new Route("n0", "SELECT id, COUNT(*) FROM orders_0000 GROUP BY id ORDER BY id", false),
                new Route("n0", "SELECT id, COUNT(*) FROM orders_0001 GROUP BY id ORDER BY id", false)), List.of(BY_ID)),
                List.of(0), List.of(new AggregateSpec(AggregateFunction.COUNT, 1, -1, false, null)));
        ColumnDefinition41 count = Wire.bigint("count(*)");
        List<ColumnDefinition41> columns = List.of(Wire.bigint("id"), count);
        pinned("n0").result(columns, List.of(Wire.row("1", "2"), Wire.row("3", "1")));
        spare("n0", 1).result(columns, List.of(Wire.row("1", "4"), Wire.row("2", "1")));
        List<MysqlPacket> packets = run(countById, 8, StatementDeadline.none());

        assertThat(callback.failed).isFalse();
        assertThat(ids(packets, 2)).containsExactly("1", "2", "3");
        assertThat(merges).singleElement().satisfies(tree -> {
            assertThat(tree).contains("OrderedAggregate").contains("OrderedMerge");
            assertThat(tree).doesNotContain("HashAggregate");
        });
        ClientChannel.release(packets);
    }

    @Test
    void aSessionThatMayNotLendConnectionsRunsItsShardsInTurnAndSortsInMemory() {
        FakeShard a = pinned("n0").result(COLUMNS, rows(1, 4)).result(COLUMNS, rows(2, 3));
        connections.mayBorrow = false; // inside a transaction, say
        List<MysqlPacket> packets = run(orderById("n0", "n0"), 8, StatementDeadline.none());

        assertThat(ids(packets, 2)).containsExactly("1", "2", "3", "4");
        assertThat(a.executed).hasSize(2);
        assertThat(connections.borrowRequests).isZero();
        assertThat(merges).singleElement().satisfies(tree -> assertThat(tree).contains("MemorySort"));
        ClientChannel.release(packets);
    }

    @Test
    void whenThePoolLendsNothingTheShardRunsAfterTheOtherOnThePinnedConnection() {
        FakeShard a = pinned("n0").result(COLUMNS, rows(1, 4)).result(COLUMNS, rows(2, 3));
        List<MysqlPacket> packets = run(orderById("n0", "n0"), 8, StatementDeadline.none());

        assertThat(callback.failed).isFalse();
        assertThat(ids(packets, 2)).containsExactly("1", "2", "3", "4");
        assertThat(connections.borrowRequests).isEqualTo(1);
        assertThat(a.executed).containsExactly("SELECT id, name FROM orders_0000", "SELECT id, name FROM orders_0001");
        assertThat(merges).singleElement().satisfies(tree -> assertThat(tree).contains("MemorySort"));
        ClientChannel.release(packets);
    }

    @Test
    void borrowingStopsAtThePerNodeCapAndTheShardsTakeTurns() {
        FakeShard a = pinned("n0").result(COLUMNS, rows(1)).result(COLUMNS, rows(3));
        FakeShard extra = spare("n0", 1).result(COLUMNS, rows(2)).result(COLUMNS, rows(4));
        spare("n0", 2);
        List<MysqlPacket> packets = run(orderById("n0", "n0", "n0", "n0"), 1, StatementDeadline.none());

        assertThat(ids(packets, 2)).containsExactly("1", "2", "3", "4");
        assertThat(connections.borrowRequests).isEqualTo(1);
        assertThat(a.executed).containsExactly("SELECT id, name FROM orders_0000", "SELECT id, name FROM orders_0002");
        assertThat(extra.executed).containsExactly("SELECT id, name FROM orders_0001", "SELECT id, name FROM orders_0003");
        assertThat(connections.givenBack).containsExactly(extra);
        ClientChannel.release(packets);
    }

    @Test
    void zeroExtraConnectionsNeverBorrows() {
        pinned("n0").result(COLUMNS, rows(1)).result(COLUMNS, rows(2));
        List<MysqlPacket> packets = run(orderById("n0", "n0"), 0, StatementDeadline.none());

        assertThat(ids(packets, 2)).containsExactly("1", "2");
        assertThat(connections.borrowRequests).isZero();
        ClientChannel.release(packets);
    }

    @Test
    void aShardStatementReadingAUserVariableTheSessionDidNotSetStaysOnThePinnedConnection() {
        pinned("n0").result(COLUMNS, rows(1)).result(COLUMNS, rows(2));
        spare("n0", 1).result(COLUMNS, rows(2));
        ReadPlan reads = orderById(List.of(new Route("n0", "SELECT id, name FROM orders_0000 WHERE id > @floor", false),
                new Route("n0", "SELECT id, name FROM orders_0001 WHERE id > @floor", false)));
        List<MysqlPacket> packets = run(reads, 8, StatementDeadline.none());

        assertThat(ids(packets, 2)).containsExactly("1", "2");
        assertThat(connections.borrowRequests).isZero();
        ClientChannel.release(packets);
    }

    @Test
    void aUserVariableTheSessionSetIsOnEveryConnection() {
        connections.synced = Set.of("@floor");
        pinned("n0").result(COLUMNS, rows(1));
        FakeShard extra = spare("n0", 1).result(COLUMNS, rows(2));
        ReadPlan reads = orderById(List.of(new Route("n0", "SELECT id, name FROM orders_0000 WHERE id > @FLOOR", false),
                new Route("n0", "SELECT id, name FROM orders_0001 WHERE id > @floor", false)));
        List<MysqlPacket> packets = run(reads, 8, StatementDeadline.none());

        assertThat(ids(packets, 2)).containsExactly("1", "2");
        assertThat(extra.executed).hasSize(1);
        ClientChannel.release(packets);
    }

    @Test
    void aTimeoutKillsEveryRunningShardDrainsThemAndAnswers3024() {
        FakeShard a0 = pinned("n0").hanging();
        FakeShard a1 = spare("n0", 1).hanging();
        FakeShard b0 = pinned("n1").hanging();
        StatementDeadline deadline = StatementDeadline.after(Duration.ofDays(1), client.channel.eventLoop());
        start(orderById("n0", "n0", "n1"), 8, deadline);
        loop.runUntil(() -> a0.executed.size() + a1.executed.size() + b0.executed.size() == 3);
        deadline.expire();
        loop.runUntil(callback::called);
        List<MysqlPacket> packets = client.packets();

        assertThat(callback.failed).isTrue();
        assertThat(packets).hasSize(1);
        assertThat(ErrPacket.decode(packets.get(0).payload())).isEqualTo(new ErrPacket(3024, "HY000",
                "Query execution was interrupted, maximum statement execution time exceeded"));
        assertThat(List.of(a0.cancels, a1.cancels, b0.cancels)).containsExactly(1, 1, 1);
        assertThat(connections.givenBack).containsExactly(a1);
        assertThat(connections.killAnsweredAtGiveBack).containsExactly(true);
        ClientChannel.release(packets);
    }

    @Test
    void aTimeoutAfterRowsWentOutEndsTheResultWithTheErrorAndTheSessionLivesOn() {
        int[] even = new int[3 * MergeTask.BATCH_ROWS];
        int[] odd = new int[3 * MergeTask.BATCH_ROWS];
        for (int i = 0; i < even.length; i++) {
            even[i] = 2 * i;
            odd[i] = 2 * i + 1;
        }
        FakeShard a = pinned("n0").rowsThenHanging(COLUMNS, rows(even));
        FakeShard b = pinned("n1").rowsThenHanging(COLUMNS, rows(odd));
        StatementDeadline deadline = StatementDeadline.after(Duration.ofDays(1), client.channel.eventLoop());
        start(orderById("n0", "n1"), 8, deadline);
        loop.runUntil(() -> client.channel.outboundMessages().size() > MergeTask.BATCH_ROWS);
        deadline.expire();
        loop.runUntil(callback::called);
        List<MysqlPacket> packets = client.packets();

        assertThat(callback.fatal).isNull();
        assertThat(callback.failed).isTrue();
        assertThat(ErrPacket.decode(packets.getLast().payload()).errorCode()).isEqualTo(3024);
        assertThat(packets.size()).isGreaterThan(MergeTask.BATCH_ROWS);
        assertThat(List.of(a.cancels, b.cancels)).containsExactly(1, 1);
        assertThat(a.paused).isFalse();
        assertThat(b.paused).isFalse();
        ClientChannel.release(packets);
    }

    @Test
    void aTimeoutBeforeTheConnectionsArrivedSendsNothing() {
        FakeShard a = pinned("n0").result(COLUMNS, rows(1));
        StatementDeadline deadline = StatementDeadline.after(Duration.ofDays(1), client.channel.eventLoop());
        deadline.expire();
        List<MysqlPacket> packets = run(orderById("n0"), 8, deadline);

        assertThat(ErrPacket.decode(packets.getFirst().payload()).errorCode()).isEqualTo(3024);
        assertThat(a.executed).isEmpty();
        ClientChannel.release(packets);
    }
}
