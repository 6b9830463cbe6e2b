package io.shardgate.proxy.execute.scatter;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.EofPacket;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.proxy.protocol.TextRow;
import io.shardgate.proxy.protocol.WireFormat;
import io.netty.channel.ChannelFuture;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultWriterTest {

    private static final int CLASSIC = Capabilities.PROTOCOL_41;
    private static final int DEPRECATE_EOF = Capabilities.PROTOCOL_41 | Capabilities.DEPRECATE_EOF;
    private static final List<ColumnDefinition41> COLUMNS = List.of(Wire.bigint("id"), Wire.varchar("name"));

    private final ClientChannel client = new ClientChannel();

    @Test
    void aClassicResultHasEofAfterTheDefinitionsAndAtTheEnd() {
        ResultWriter writer = new ResultWriter(client.stream(1), CLASSIC);
        writer.header(COLUMNS, ServerStatus.AUTOCOMMIT);
        writer.row(Wire.row("1", "a"));
        writer.row(Wire.row("2", null));
        writer.end(ServerStatus.AUTOCOMMIT | ServerStatus.MORE_RESULTS_EXISTS, 3);

        List<MysqlPacket> packets = client.packetsAfterFlush();
        assertThat(packets).extracting(MysqlPacket::sequenceId).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(WireFormat.readLengthEncodedInt(packets.get(0).payload().duplicate())).isEqualTo(2);
        assertThat(ColumnDefinition41.decode(packets.get(1).payload())).isEqualTo(COLUMNS.get(0));
        assertThat(ColumnDefinition41.decode(packets.get(2).payload())).isEqualTo(COLUMNS.get(1));
        assertThat(EofPacket.decode(packets.get(3).payload(), CLASSIC)).isEqualTo(new EofPacket(0, ServerStatus.AUTOCOMMIT));
        assertThat(TextRow.decode(packets.get(4).payload(), 2)).isEqualTo(TextRow.of("1".getBytes(), "a".getBytes()));
        assertThat(TextRow.decode(packets.get(5).payload(), 2)).isEqualTo(TextRow.of("2".getBytes(), null));
        assertThat(EofPacket.decode(packets.get(6).payload(), CLASSIC))
                .isEqualTo(new EofPacket(3, ServerStatus.AUTOCOMMIT | ServerStatus.MORE_RESULTS_EXISTS));
        ClientChannel.release(packets);
    }

    @Test
    void withDeprecateEofTheDefinitionsAreFollowedByRowsAndAnOkEndsTheResult() {
        ResultWriter writer = new ResultWriter(client.stream(1), DEPRECATE_EOF);
        writer.header(COLUMNS, ServerStatus.AUTOCOMMIT);
        writer.row(Wire.row("1", "a"));
        writer.end(ServerStatus.IN_TRANS, 0);

        List<MysqlPacket> packets = client.packetsAfterFlush();
        assertThat(packets).hasSize(5);
        assertThat(TextRow.decode(packets.get(3).payload(), 2)).isEqualTo(TextRow.of("1".getBytes(), "a".getBytes()));
        OkPacket end = OkPacket.decode(packets.get(4).payload(), DEPRECATE_EOF);
        assertThat(end.isTerminator()).isTrue();
        assertThat(end.statusFlags()).isEqualTo(ServerStatus.IN_TRANS);
        ClientChannel.release(packets);
    }

    @Test
    void anEmptyResultIsHeaderAndTerminator() {
        ResultWriter writer = new ResultWriter(client.stream(1), CLASSIC);
        writer.header(COLUMNS, ServerStatus.AUTOCOMMIT);
        writer.end(ServerStatus.AUTOCOMMIT, 0);
        List<MysqlPacket> packets = client.packetsAfterFlush();
        assertThat(packets).hasSize(5);
        assertThat(EofPacket.isEof(packets.get(4).payload())).isTrue();
        ClientChannel.release(packets);
    }

    @Test
    void anErrorIsTheWholeResponse() {
        ResultWriter writer = new ResultWriter(client.stream(1), CLASSIC);
        writer.error(new ErrPacket(1146, "42S02", "Table 'shop.orders_0001' doesn't exist"));
        List<MysqlPacket> packets = client.packetsAfterFlush();
        assertThat(packets).hasSize(1);
        assertThat(ErrPacket.decode(packets.get(0).payload()))
                .isEqualTo(new ErrPacket(1146, "42S02", "Table 'shop.orders_0001' doesn't exist"));
        ClientChannel.release(packets);
    }

    @Test
    void flushedCompletesOnceTheRowsReachedTheSocket() {
        ResultWriter writer = new ResultWriter(client.stream(1), CLASSIC);
        writer.header(COLUMNS, ServerStatus.AUTOCOMMIT);
        writer.row(Wire.row("1", "a"));
        ChannelFuture flushed = writer.flushed();
        assertThat(flushed.isSuccess()).isTrue();
        assertThat(writer.clientConnected()).isTrue();
        ClientChannel.release(client.packets());
        client.channel.close();
        assertThat(writer.clientConnected()).isFalse();
        assertThat(writer.flushed().isSuccess()).isFalse();
    }
}
