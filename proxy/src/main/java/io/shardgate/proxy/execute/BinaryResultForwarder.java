package io.shardgate.proxy.execute;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.backend.PacketKind;
import io.shardgate.proxy.backend.ResponseHandler;
import io.shardgate.proxy.execute.rows.TextRowDecoder;
import io.shardgate.proxy.protocol.BinaryRow;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.MysqlPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A prepared statement the proxy routed itself runs on the backend as text (its parameters were bound
 * into the SQL by the router), but the client asked in the binary protocol: rows are decoded once into
 * typed values and re-encoded as binary rows; every other packet passes to the {@link ResponseForwarder}
 * unchanged. Costs one decode/encode per row, only on this path.
 */
final class BinaryResultForwarder implements ResponseHandler {

    private final ResponseForwarder forwarder;
    private final List<ColumnDefinition41> columns = new ArrayList<>();
    private TextRowDecoder decoder;

    BinaryResultForwarder(ResponseForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public void onPacket(MysqlPacket packet, PacketKind kind) {
        switch (kind) {
            case COLUMN_COUNT -> {
                columns.clear();
                decoder = null;
                forwarder.onPacket(packet, kind);
            }
            case COLUMN_DEFINITION -> {
                columns.add(ColumnDefinition41.decode(packet.payload()));
                forwarder.onPacket(packet, kind);
            }
            case ROW -> {
                if (decoder == null) {
                    decoder = new TextRowDecoder(columns);
                }
                ByteBuf binary;
                try {
                    Object[] values = decoder.decode(packet.payload()).values();
                    binary = packet.payload().alloc().buffer(packet.payload().readableBytes() + 8);
                    new BinaryRow(Arrays.asList(values)).encode(binary, columns);
                } finally {
                    packet.release();
                }
                forwarder.onPacket(new MysqlPacket(0, binary), kind);
            }
            default -> forwarder.onPacket(packet, kind);
        }
    }

    @Override
    public void onComplete(int serverStatus) {
        forwarder.onComplete(serverStatus);
    }

    @Override
    public void onFailure(Throwable cause) {
        forwarder.onFailure(cause);
    }
}
