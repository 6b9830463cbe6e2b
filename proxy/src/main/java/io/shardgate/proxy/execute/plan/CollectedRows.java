package io.shardgate.proxy.execute.plan;

import io.shardgate.proxy.backend.PacketKind;
import io.shardgate.proxy.backend.ResponseHandler;
import io.shardgate.proxy.execute.rows.TextRowDecoder;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One shard's text result read whole and decoded into rows, for a subquery whose values the proxy writes into
 * its statement. At most {@code maxRows} rows are kept: beyond, the rest of the response is read and dropped and
 * the outcome says so, so a subquery cannot fill the proxy's heap.
 */
final class CollectedRows implements ResponseHandler {

    /** The answer: columns and rows, or the backend's error; {@code overflow} when rows were dropped. */
    record Outcome(List<ColumnMeta> columns, List<Row> rows, ErrPacket error, boolean overflow) {
    }

    private final long maxRows;
    private final CompletableFuture<Outcome> result = new CompletableFuture<>();
    private final List<ColumnDefinition41> definitions = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private TextRowDecoder decoder;
    private ErrPacket error;
    private boolean overflow;

    CollectedRows(long maxRows) {
        this.maxRows = maxRows;
    }

    CompletableFuture<Outcome> result() {
        return result;
    }

    @Override
    public void onPacket(MysqlPacket packet, PacketKind kind) {
        try {
            switch (kind) {
                case COLUMN_DEFINITION -> definitions.add(ColumnDefinition41.decode(packet.payload()));
                case ROW -> {
                    if (decoder == null) {
                        decoder = new TextRowDecoder(definitions);
                    }
                    if (rows.size() >= maxRows) {
                        overflow = true;
                    } else {
                        rows.add(decoder.decode(packet.payload()));
                    }
                }
                case ERR -> error = ErrPacket.decode(packet.payload());
                default -> { }
            }
        } finally {
            packet.release();
        }
    }

    @Override
    public void onComplete(int serverStatus) {
        List<ColumnMeta> columns = definitions.stream().map(TextRowDecoder::meta).toList();
        result.complete(new Outcome(columns, rows, error, overflow));
    }

    @Override
    public void onFailure(Throwable cause) {
        result.completeExceptionally(cause);
    }
}
