package io.shardgate.proxy.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.Command;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.ServerStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bounds on the proxy's clock for a server that answers nothing (stopped, black-holed): a control command's
 * limit, and interrupting a statement (KILL, grace, abandon). Time is the embedded loop's, advanced by hand.
 */
class BackendConnectionBoundsTest {

    private static final int CAPS = Capabilities.PROTOCOL_41 | Capabilities.TRANSACTIONS
            | Capabilities.DEPRECATE_EOF | Capabilities.MULTI_RESULTS;
    private static final Duration GRACE = Duration.ofSeconds(1);

    private EmbeddedChannel channel;
    private BackendConnection connection;
    private final AtomicInteger kills = new AtomicInteger();
    private CompletableFuture<Void> killAnswered = new CompletableFuture<>();

    @BeforeEach
    void open() {
        channel = new EmbeddedChannel();
        connection = new BackendConnection(channel, "10.0.0.9:3306", CAPS, "8.0.36", 12, ServerStatus.AUTOCOMMIT,
                false);
    }

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private CompletableFuture<Void> killer(BackendConnection target) {
        assertThat(target).isSameAs(connection);
        kills.incrementAndGet();
        return killAnswered;
    }

    private void serverSends(int sequenceId, Consumer<ByteBuf> payload) {
        ByteBuf buf = Unpooled.buffer();
        payload.accept(buf);
        channel.writeInbound(new MysqlPacket(sequenceId, buf));
    }

    private RecordingHandler send(String sql, Duration limit) {
        RecordingHandler handler = new RecordingHandler();
        MysqlPacket command = new MysqlPacket(0, BackendConnectionTest.command(Command.QUERY, sql));
        if (limit == null) {
            connection.execute(command, handler);
        } else {
            connection.execute(command, handler, limit);
        }
        return handler;
    }

    private void assertSent(String sql) {
        MysqlPacket sent = channel.readOutbound();
        assertThat(sent).as("sent to the server").isNotNull();
        try {
            assertThat(sent.payload().toString(1, sent.payload().readableBytes() - 1,
                    java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(sql);
        } finally {
            sent.release();
        }
    }

    private void advance(Duration by) {
        channel.advanceTimeBy(by.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    private static Throwable failureOf(RecordingHandler handler) {
        assertThat(handler.done).isCompletedExceptionally();
        return handler.done.handle((s, e) -> e).join();
    }

    @Test
    void aControlCommandWithoutAnswerWithinItsLimitAbandonsTheConnection() {
        RecordingHandler handler = send("KILL QUERY 7", Duration.ofMillis(100));
        assertSent("KILL QUERY 7");
        advance(Duration.ofMillis(50)); // the embedded loop's clock also runs in real time: keep a margin
        assertThat(handler.done).isNotDone();
        advance(Duration.ofMillis(50));
        assertThat(failureOf(handler)).isInstanceOf(BackendConnectionException.class)
                .hasMessage("backend 10.0.0.9:3306: no answer to COM_QUERY within 100 ms; connection abandoned");
        assertThat(connection.isUsable()).isFalse();
        assertThat(channel.isOpen()).as("the socket is closed at once").isFalse();
    }

    @Test
    void anAnswerWithinTheLimitDisarmsIt() {
        RecordingHandler handler = send("DO 1", Duration.ofMillis(100));
        assertSent("DO 1");
        serverSends(1, b -> OkPacket.of(0, 0, ServerStatus.AUTOCOMMIT, 0).encode(b, CAPS));
        assertThat(handler.done).isCompleted();
        RecordingHandler next = send("DO 2", null); // a later exchange is not the one the limit was for
        assertSent("DO 2");
        advance(Duration.ofSeconds(5));
        assertThat(next.done).isNotDone();
        assertThat(connection.isUsable()).isTrue();
    }

    @Test
    void interruptingAnIdleConnectionDoesNothing() {
        CompletableFuture<Void> ended = connection.interrupt(this::killer, GRACE, new IllegalStateException("x"));
        assertThat(ended).isCompleted();
        assertThat(kills).hasValue(0);
        advance(Duration.ofSeconds(5));
        assertThat(connection.isUsable()).isTrue();
    }

    @Test
    void aStatementThatDoesNotStopAfterKillIsAbandonedWithTheCallersReason() {
        RecordingHandler handler = send("SELECT SLEEP(60)", null);
        assertSent("SELECT SLEEP(60)");
        RuntimeException answer = new RuntimeException("timed out");
        CompletableFuture<Void> ended = connection.interrupt(this::killer, GRACE, answer);
        CompletableFuture<Void> again = connection.interrupt(this::killer, GRACE, new RuntimeException("other"));
        assertThat(kills).as("one KILL per exchange").hasValue(1);
        advance(GRACE.minusMillis(500));
        assertThat(ended).isNotDone();
        assertThat(connection.isUsable()).isTrue();
        advance(Duration.ofMillis(500));
        assertThat(failureOf(handler)).isSameAs(answer);
        assertThat(ended).isCompleted();
        assertThat(again).isCompleted();
        assertThat(connection.isUsable()).isFalse();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aStatementThatStopsInTimeKeepsTheConnectionAndTheNextCommandWaitsForTheKillsAnswer() {
        RecordingHandler handler = send("SELECT SLEEP(60)", null);
        assertSent("SELECT SLEEP(60)");
        CompletableFuture<Void> ended = connection.interrupt(this::killer, GRACE, new RuntimeException("timed out"));
        serverSends(1, new ErrPacket(1317, "70100", "Query execution was interrupted")::encode);
        assertThat(handler.done).isCompleted();
        assertThat(ended).isCompleted();

        RecordingHandler next = send("SELECT 1", null);
        MysqlPacket early = channel.readOutbound();
        assertThat(early).as("held back while the KILL is unanswered").isNull();
        killAnswered.complete(null);
        channel.runPendingTasks();
        assertSent("SELECT 1");
        advance(Duration.ofSeconds(5));
        assertThat(next.done).as("the grace was for the interrupted exchange only").isNotDone();
        assertThat(connection.isUsable()).isTrue();
    }

    @Test
    void abandoningFailsCommandsWaitingForAKillAtOnce() {
        send("SELECT SLEEP(60)", null);
        assertSent("SELECT SLEEP(60)");
        connection.interrupt(this::killer, GRACE, new RuntimeException("timed out"));
        advance(GRACE);
        RecordingHandler next = send("SELECT 1", null);
        channel.runPendingTasks();
        assertThat(failureOf(next)).hasMessageContaining("connection 12 is closed");
    }
}
