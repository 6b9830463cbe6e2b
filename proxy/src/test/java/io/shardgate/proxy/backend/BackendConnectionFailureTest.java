package io.shardgate.proxy.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ColumnType;
import io.shardgate.proxy.protocol.Command;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.ServerStatus;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a BackendConnection reports a server that misbehaves or goes away mid-response. */
class BackendConnectionFailureTest {

    private static final int CAPS = Capabilities.PROTOCOL_41 | Capabilities.TRANSACTIONS
            | Capabilities.DEPRECATE_EOF | Capabilities.MULTI_RESULTS;

    private EmbeddedChannel channel;
    private BackendConnection connection;

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

    private void serverSends(int sequenceId, Consumer<ByteBuf> payload) {
        ByteBuf buf = Unpooled.buffer();
        payload.accept(buf);
        channel.writeInbound(new MysqlPacket(sequenceId, buf));
    }

    private RecordingHandler query() {
        RecordingHandler handler = new RecordingHandler();
        connection.execute(BackendConnectionTest.command(Command.QUERY, "SELECT c FROM t"), handler);
        MysqlPacket sent = channel.readOutbound();
        assertThat(sent.sequenceId()).isZero();
        sent.release();
        return handler;
    }

    private Throwable failureOf(RecordingHandler handler) {
        assertThat(handler.done).isCompletedExceptionally();
        return handler.done.handle((s, e) -> e).join();
    }

    @Test
    void aServerThatClosesMidResultSetFailsTheHandler() {
        RecordingHandler handler = query();
        serverSends(1, b -> b.writeByte(1));
        serverSends(2, ColumnDefinition41.of("c", ColumnType.LONG, 63, 11, 0)::encode);
        serverSends(3, b -> b.writeByte(1).writeByte('7'));
        channel.close();
        assertThat(handler.kinds).containsExactly(PacketKind.COLUMN_COUNT, PacketKind.COLUMN_DEFINITION, PacketKind.ROW);
        assertThat(failureOf(handler)).isInstanceOf(BackendConnectionException.class)
                .hasMessage("backend 10.0.0.9:3306: the server closed the connection during COM_QUERY after 3"
                        + " response packets");
        assertThat(connection.isUsable()).isFalse();
    }

    @Test
    void closingWhileBusyFailsTheHandlerAsOurOwnClose() {
        RecordingHandler handler = query();
        connection.close();
        assertThat(failureOf(handler)).hasMessageContaining("connection closed by shardgate during COM_QUERY");
    }

    @Test
    void closingWhenIdleSendsQuit() {
        connection.close();
        MysqlPacket quit = channel.readOutbound();
        assertThat(quit.header()).isEqualTo(Command.QUIT.code());
        quit.release();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void outOfOrderPacketsBreakTheConnection() {
        RecordingHandler handler = query();
        serverSends(2, b -> OkPacket.of(0, 0, ServerStatus.AUTOCOMMIT, 0).encode(b, CAPS));
        assertThat(failureOf(handler)).hasMessageContaining("expected sequence id 1, found 2");
        assertThat(connection.isUsable()).isFalse();
    }

    @Test
    void aProtocolViolationBreaksTheConnection() {
        RecordingHandler handler = query();
        serverSends(1, b -> b.writeByte(0xFB).writeByte('x'));
        assertThat(failureOf(handler)).hasMessageContaining("protocol violation").hasMessageContaining("LOCAL INFILE");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anUnsolicitedPacketMarksTheConnectionBroken() {
        serverSends(0, b -> b.writeByte(0xFF).writeShortLE(1927).writeBytes("#70100Connection was killed".getBytes()));
        assertThat(connection.isUsable()).isFalse();
        RecordingHandler handler = new RecordingHandler();
        connection.execute(BackendConnectionTest.command(Command.PING, ""), handler);
        assertThat(failureOf(handler)).hasMessageContaining("cannot send COM_PING: connection 12 is broken");
    }

    @Test
    void statusFlagsFollowTheLastOk() {
        RecordingHandler handler = query();
        serverSends(1, b -> OkPacket.of(0, 0, ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS, 0).encode(b, CAPS));
        assertThat(handler.done.join()).isEqualTo(ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS);
        assertThat(connection.inTransaction()).isTrue();
        assertThat(connection.isBusy()).isFalse();
    }

    @Test
    void unknownCommandsAreRefusedWithoutSending() {
        RecordingHandler handler = new RecordingHandler();
        ByteBuf payload = Unpooled.buffer().writeByte(0x40);
        connection.execute(payload, handler);
        assertThat(failureOf(handler)).hasMessageContaining("unknown command 0x40");
        assertThat(payload.refCnt()).isZero();
        assertThat(channel.<Object>readOutbound()).isNull();
        assertThat(connection.isUsable()).as("refusing does not break the connection").isTrue();
    }
}
