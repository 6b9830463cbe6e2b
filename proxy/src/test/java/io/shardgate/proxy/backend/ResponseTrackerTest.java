package io.shardgate.proxy.backend;

import static io.shardgate.proxy.backend.PacketKind.COLUMN_COUNT;
import static io.shardgate.proxy.backend.PacketKind.COLUMN_DEFINITION;
import static io.shardgate.proxy.backend.PacketKind.EOF;
import static io.shardgate.proxy.backend.PacketKind.ERR;
import static io.shardgate.proxy.backend.PacketKind.INTERMEDIATE_EOF;
import static io.shardgate.proxy.backend.PacketKind.OK;
import static io.shardgate.proxy.backend.PacketKind.PARAM_DEFINITION;
import static io.shardgate.proxy.backend.PacketKind.PARAM_EOF;
import static io.shardgate.proxy.backend.PacketKind.PREPARE_OK;
import static io.shardgate.proxy.backend.PacketKind.ROW;
import static io.shardgate.proxy.backend.PacketKind.STATISTICS;
import static io.shardgate.proxy.backend.PacketKind.TERMINATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ColumnType;
import io.shardgate.proxy.protocol.Command;
import io.shardgate.proxy.protocol.ComStmtPrepareOk;
import io.shardgate.proxy.protocol.EofPacket;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MalformedPacketException;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.proxy.protocol.TextRow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ResponseTrackerTest {

    private static final int CLASSIC = Capabilities.PROTOCOL_41 | Capabilities.TRANSACTIONS
            | Capabilities.MULTI_RESULTS;
    private static final int MODERN = CLASSIC | Capabilities.DEPRECATE_EOF;
    private static final int AUTOCOMMIT = ServerStatus.AUTOCOMMIT;

    // ---- payload builders ------------------------------------------------------------------

    private static byte[] bytes(Consumer<ByteBuf> writer) {
        ByteBuf buf = Unpooled.buffer();
        writer.accept(buf);
        byte[] result = ByteBufUtil.getBytes(buf);
        buf.release();
        return result;
    }

    private static byte[] ok(int status) {
        return bytes(b -> OkPacket.of(1, 0, status, 0).encode(b, CLASSIC));
    }

    private static byte[] err() {
        return bytes(new ErrPacket(1146, "42S02", "no")::encode);
    }

    private static byte[] eof(int status) {
        return bytes(b -> new EofPacket(0, status).encode(b, CLASSIC));
    }

    private static byte[] okTerminator(int status) {
        return bytes(b -> OkPacket.terminator(status, 0).encode(b, MODERN));
    }

    private static byte[] count(int columns) {
        return new byte[] {(byte) columns};
    }

    private static byte[] column() {
        return bytes(ColumnDefinition41.of("c", ColumnType.LONG, 63, 11, 0)::encode);
    }

    private static byte[] row(String value) {
        return bytes(TextRow.of(value.getBytes(java.nio.charset.StandardCharsets.UTF_8))::encode);
    }

    private static byte[] prepareOk(int columns, int params) {
        return bytes(new ComStmtPrepareOk(1, columns, params, 0)::encode);
    }

    /** Feeds payloads and returns their labels; asserts completion exactly at the last one. */
    private static List<PacketKind> feed(ResponseTracker tracker, Command command, byte[]... payloads) {
        tracker.start(command);
        List<PacketKind> kinds = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            assertThat(tracker.isComplete()).as("complete before packet %d", i).isFalse();
            ByteBuf buf = Unpooled.wrappedBuffer(payloads[i]);
            kinds.add(tracker.next(buf));
            assertThat(buf.readerIndex()).isZero();
            buf.release();
        }
        assertThat(tracker.isComplete()).as("complete after the last packet").isTrue();
        return kinds;
    }

    // ---- simple commands -------------------------------------------------------------------

    @Test
    void simpleCommandsEndWithOkErrOrEof() {
        ResponseTracker tracker = new ResponseTracker(CLASSIC, 0);
        assertThat(feed(tracker, Command.PING, ok(AUTOCOMMIT | ServerStatus.IN_TRANS))).containsExactly(OK);
        assertThat(tracker.serverStatus()).isEqualTo(AUTOCOMMIT | ServerStatus.IN_TRANS);
        assertThat(feed(tracker, Command.INIT_DB, err())).containsExactly(ERR);
        assertThat(tracker.serverStatus()).as("ERR carries no status").isEqualTo(AUTOCOMMIT | ServerStatus.IN_TRANS);
        assertThat(feed(tracker, Command.SET_OPTION, eof(AUTOCOMMIT))).containsExactly(EOF);
        assertThat(feed(tracker, Command.RESET_CONNECTION, ok(AUTOCOMMIT))).containsExactly(OK);
        assertThat(tracker.packetCount()).isEqualTo(1);
    }

    @Test
    void commandsWithoutResponse() {
        assertThat(ResponseTracker.expectsResponse(Command.QUIT)).isFalse();
        assertThat(ResponseTracker.expectsResponse(Command.STMT_CLOSE)).isFalse();
        assertThat(ResponseTracker.expectsResponse(Command.STMT_SEND_LONG_DATA)).isFalse();
        assertThat(ResponseTracker.expectsResponse(Command.QUERY)).isTrue();
        ResponseTracker tracker = new ResponseTracker(CLASSIC, 0);
        tracker.start(Command.STMT_CLOSE);
        assertThat(tracker.isComplete()).isTrue();
        ByteBuf stray = Unpooled.wrappedBuffer(ok(0));
        assertThatThrownBy(() -> tracker.next(stray)).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("no response is expected after COM_STMT_CLOSE");
        stray.release();
    }

    // ---- result sets -----------------------------------------------------------------------

    @Test
    void classicTextResultSet() {
        ResponseTracker tracker = new ResponseTracker(CLASSIC, 0);
        assertThat(feed(tracker, Command.QUERY, count(2), column(), column(), eof(AUTOCOMMIT), row("a"), row("b"),
                eof(AUTOCOMMIT | ServerStatus.IN_TRANS)))
                .containsExactly(COLUMN_COUNT, COLUMN_DEFINITION, COLUMN_DEFINITION, INTERMEDIATE_EOF, ROW, ROW,
                        TERMINATOR);
        assertThat(tracker.serverStatus()).isEqualTo(AUTOCOMMIT | ServerStatus.IN_TRANS);
        assertThat(tracker.binaryRows()).isFalse();
    }

    @Test
    void deprecateEofResultSetHasNoIntermediateEofAndAnOkTerminator() {
        ResponseTracker tracker = new ResponseTracker(MODERN, 0);
        assertThat(feed(tracker, Command.QUERY, count(1), column(), row("a"), okTerminator(AUTOCOMMIT)))
                .containsExactly(COLUMN_COUNT, COLUMN_DEFINITION, ROW, TERMINATOR);
        assertThat(feed(tracker, Command.QUERY, count(1), column(), okTerminator(AUTOCOMMIT)))
                .as("empty result").containsExactly(COLUMN_COUNT, COLUMN_DEFINITION, TERMINATOR);
    }

    @Test
    void aRowStartingWith0xFeIsARowWhenItIsTooLongForATerminator() {
        byte[] nineBytes = new byte[9];
        nineBytes[0] = (byte) 0xFE;
        ResponseTracker classic = new ResponseTracker(CLASSIC, 0);
        assertThat(feed(classic, Command.QUERY, count(1), column(), eof(0), nineBytes, eof(AUTOCOMMIT)))
                .containsExactly(COLUMN_COUNT, COLUMN_DEFINITION, INTERMEDIATE_EOF, ROW, TERMINATOR);

        // With DEPRECATE_EOF a terminator may be long (info, session state), so only a row of
        // 16 MiB - 1 bytes or more (the smallest row whose first value has the 0xFE prefix) is a row.
        ByteBuf bigRow = Unpooled.buffer(MysqlPacket.MAX_FRAGMENT).writeByte(0xFE).writerIndex(MysqlPacket.MAX_FRAGMENT);
        ByteBuf longTerminator = Unpooled.buffer().writeBytes(okTerminator(AUTOCOMMIT)).writeZero(20);
        ResponseTracker modern = new ResponseTracker(MODERN, 0);
        modern.start(Command.QUERY);
        ByteBuf c = Unpooled.wrappedBuffer(count(1));
        ByteBuf d = Unpooled.wrappedBuffer(column());
        assertThat(List.of(modern.next(c), modern.next(d), modern.next(bigRow), modern.next(longTerminator)))
                .containsExactly(COLUMN_COUNT, COLUMN_DEFINITION, ROW, TERMINATOR);
        assertThat(modern.isComplete()).isTrue();
        c.release();
        d.release();
        bigRow.release();
        longTerminator.release();
    }

    @Test
    void moreResultsExistKeepsTheResponseOpen() {
        int more = AUTOCOMMIT | ServerStatus.MORE_RESULTS_EXISTS;
        ResponseTracker tracker = new ResponseTracker(CLASSIC, 0);
        assertThat(feed(tracker, Command.QUERY, ok(more), count(1), column(), eof(more), row("x"), eof(more),
                ok(AUTOCOMMIT)))
                .containsExactly(OK, COLUMN_COUNT, COLUMN_DEFINITION, INTERMEDIATE_EOF, ROW, TERMINATOR, OK);
        assertThat(feed(tracker, Command.QUERY, ok(more), err())).as("second statement fails").containsExactly(OK, ERR);
        ResponseTracker modern = new ResponseTracker(MODERN, 0);
        assertThat(feed(modern, Command.QUERY, count(1), column(), okTerminator(more), count(1), column(),
                okTerminator(AUTOCOMMIT)))
                .containsExactly(COLUMN_COUNT, COLUMN_DEFINITION, TERMINATOR, COLUMN_COUNT, COLUMN_DEFINITION,
                        TERMINATOR);
    }

    @Test
    void errorInTheMiddleOfRowsEndsTheResponse() {
        ResponseTracker tracker = new ResponseTracker(CLASSIC, 0);
        assertThat(feed(tracker, Command.QUERY, count(1), column(), eof(0), row("a"), err()))
                .containsExactly(COLUMN_COUNT, COLUMN_DEFINITION, INTERMEDIATE_EOF, ROW, ERR);
    }

    @Test
    void executeRowsAreBinaryAndACursorEndsAfterTheDefinitions() {
        ResponseTracker tracker = new ResponseTracker(CLASSIC, 0);
        byte[] binaryRow = {0x00, 0x00, 0x07, 0, 0, 0};
        assertThat(feed(tracker, Command.STMT_EXECUTE, count(1), column(), eof(0), binaryRow, eof(AUTOCOMMIT)))
                .containsExactly(COLUMN_COUNT, COLUMN_DEFINITION, INTERMEDIATE_EOF, ROW, TERMINATOR);
        assertThat(tracker.binaryRows()).isTrue();
        assertThat(feed(tracker, Command.STMT_EXECUTE, count(1), column(), eof(ServerStatus.CURSOR_EXISTS)))
                .containsExactly(COLUMN_COUNT, COLUMN_DEFINITION, INTERMEDIATE_EOF);
        assertThat(feed(tracker, Command.STMT_FETCH, binaryRow, binaryRow, eof(ServerStatus.CURSOR_EXISTS)))
                .containsExactly(ROW, ROW, TERMINATOR);
        assertThat(feed(tracker, Command.STMT_FETCH, eof(ServerStatus.LAST_ROW_SENT))).containsExactly(TERMINATOR);
        assertThat(feed(tracker, Command.STMT_FETCH, err())).containsExactly(ERR);
        assertThat(feed(tracker, Command.STMT_EXECUTE, ok(AUTOCOMMIT))).as("an UPDATE").containsExactly(OK);
    }

    // ---- prepare, field list, statistics ------------------------------------------------------

    @Test
    void prepareWithParametersAndColumns() {
        ResponseTracker classic = new ResponseTracker(CLASSIC, 0);
        assertThat(feed(classic, Command.STMT_PREPARE, prepareOk(2, 1), column(), eof(0), column(), column(), eof(0)))
                .containsExactly(PREPARE_OK, PARAM_DEFINITION, PARAM_EOF, COLUMN_DEFINITION, COLUMN_DEFINITION,
                        INTERMEDIATE_EOF);
        ResponseTracker modern = new ResponseTracker(MODERN, 0);
        assertThat(feed(modern, Command.STMT_PREPARE, prepareOk(2, 1), column(), column(), column()))
                .containsExactly(PREPARE_OK, PARAM_DEFINITION, COLUMN_DEFINITION, COLUMN_DEFINITION);
    }

    @Test
    void prepareWithoutParametersOrColumns() {
        ResponseTracker tracker = new ResponseTracker(CLASSIC, 0);
        assertThat(feed(tracker, Command.STMT_PREPARE, prepareOk(0, 0))).containsExactly(PREPARE_OK);
        assertThat(feed(tracker, Command.STMT_PREPARE, prepareOk(0, 2), column(), column(), eof(0)))
                .containsExactly(PREPARE_OK, PARAM_DEFINITION, PARAM_DEFINITION, PARAM_EOF);
        assertThat(feed(tracker, Command.STMT_PREPARE, prepareOk(1, 0), column(), eof(0)))
                .containsExactly(PREPARE_OK, COLUMN_DEFINITION, INTERMEDIATE_EOF);
        assertThat(feed(tracker, Command.STMT_PREPARE, err())).containsExactly(ERR);
    }

    @Test
    void fieldListAndStatistics() {
        ResponseTracker tracker = new ResponseTracker(CLASSIC, 0);
        assertThat(feed(tracker, Command.FIELD_LIST, column(), column(), eof(AUTOCOMMIT)))
                .containsExactly(COLUMN_DEFINITION, COLUMN_DEFINITION, TERMINATOR);
        assertThat(feed(tracker, Command.FIELD_LIST, err())).containsExactly(ERR);
        assertThat(feed(tracker, Command.STATISTICS, "Uptime: 5  Threads: 1".getBytes())).containsExactly(STATISTICS);
    }

    // ---- violations ------------------------------------------------------------------------

    @Test
    void startingWhileAResponseIsOutstandingFails() {
        ResponseTracker tracker = new ResponseTracker(CLASSIC, 0);
        tracker.start(Command.QUERY);
        assertThatThrownBy(() -> tracker.start(Command.PING)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("QUERY");
        tracker.reset();
        tracker.start(Command.PING);
        assertThatThrownBy(() -> new ResponseTracker(CLASSIC, 0).start(Command.BINLOG_DUMP))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void packetsThatCannotComeNextAreMalformed() {
        assertViolation(CLASSIC, Command.QUERY, "LOCAL INFILE", new byte[] {(byte) 0xFB, 'f'});
        assertViolation(CLASSIC, Command.QUERY, "column count 0", new byte[] {(byte) 0xFC, 0, 0});
        assertViolation(CLASSIC, Command.QUERY, "expected EOF after definitions", count(1), column(), row("a"));
        assertViolation(CLASSIC, Command.PING, "expected OK or ERR", row("a"));
        assertViolation(CLASSIC, Command.STMT_PREPARE, "expected PREPARE_OK", count(1));
        assertViolation(CLASSIC, Command.PING, "truncated", new byte[] {0x00, 0x00});
    }

    private static void assertViolation(int caps, Command command, String message, byte[]... payloads) {
        ResponseTracker tracker = new ResponseTracker(caps, 0);
        tracker.start(command);
        assertThatThrownBy(() -> {
            for (byte[] payload : payloads) {
                ByteBuf buf = Unpooled.wrappedBuffer(payload);
                try {
                    tracker.next(buf);
                } finally {
                    buf.release();
                }
            }
        }).isInstanceOf(MalformedPacketException.class).hasMessageContaining(message);
    }
}
