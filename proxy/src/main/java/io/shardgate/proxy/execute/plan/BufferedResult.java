package io.shardgate.proxy.execute.plan;

import io.shardgate.proxy.backend.PacketKind;
import io.shardgate.proxy.backend.ResponseHandler;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.TextRow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Collects a small text result (SHOW TABLES, SHOW CREATE TABLE, information_schema probes) so the proxy can
 * rewrite it before the client sees it. Only for statements whose results are metadata-sized: it holds every
 * row. Completes with the result, or with the backend's OK/ERR when there was no result set.
 */
final class BufferedResult implements ResponseHandler {

    /** What came back: a result set ({@code columns} non-null), an OK, or an ERR. */
    record Outcome(List<ColumnDefinition41> columns, List<List<String>> rows, OkPacket ok, ErrPacket error) {
    }

    private final int capabilities;
    private final CompletableFuture<Outcome> result = new CompletableFuture<>();
    private List<ColumnDefinition41> columns;
    private final List<List<String>> rows = new ArrayList<>();
    private OkPacket ok;
    private ErrPacket error;

    BufferedResult(int capabilities) {
        this.capabilities = capabilities;
    }

    CompletableFuture<Outcome> result() {
        return result;
    }

    @Override
    public void onPacket(MysqlPacket packet, PacketKind kind) {
        try {
            switch (kind) {
                case COLUMN_COUNT -> columns = new ArrayList<>();
                case COLUMN_DEFINITION -> columns.add(ColumnDefinition41.decode(packet.payload()));
                case ROW -> {
                    TextRow row = TextRow.decode(packet.payload(), columns.size());
                    List<String> values = new ArrayList<>(row.values().size());
                    for (byte[] v : row.values()) {
                        values.add(v == null ? null : new String(v, StandardCharsets.UTF_8));
                    }
                    rows.add(values);
                }
                case OK -> ok = OkPacket.decode(packet.payload(), capabilities);
                case ERR -> error = ErrPacket.decode(packet.payload());
                default -> { }
            }
        } finally {
            packet.release();
        }
    }

    @Override
    public void onComplete(int serverStatus) {
        result.complete(new Outcome(columns, rows, ok, error));
    }

    @Override
    public void onFailure(Throwable cause) {
        result.completeExceptionally(cause);
    }
}
