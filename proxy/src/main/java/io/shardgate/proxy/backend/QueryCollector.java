package io.shardgate.proxy.backend;

import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.CharsetId;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.TextRow;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Buffers a whole (small) text-protocol response into a {@link QueryResult}: the last result set,
 * or when there is none the last OK; an ERR anywhere fails the result.
 */
final class QueryCollector implements ResponseHandler {

    private final String backend;
    private final int capabilities;
    private final CompletableFuture<QueryResult> result = new CompletableFuture<>();

    private List<String> columns = new ArrayList<>();
    private List<Charset> charsets = new ArrayList<>();
    private List<List<String>> rows = new ArrayList<>();
    private OkPacket ok;
    private ErrPacket error;
    private RuntimeException decodeFailure;

    QueryCollector(String backend, int capabilities) {
        this.backend = backend;
        this.capabilities = capabilities;
    }

    CompletableFuture<QueryResult> result() {
        return result;
    }

    @Override
    public void onPacket(MysqlPacket packet, PacketKind kind) {
        try {
            switch (kind) {
                case COLUMN_COUNT -> {
                    columns = new ArrayList<>();
                    charsets = new ArrayList<>();
                    rows = new ArrayList<>();
                }
                case COLUMN_DEFINITION -> {
                    ColumnDefinition41 column = ColumnDefinition41.decode(packet.payload());
                    columns.add(column.name());
                    charsets.add(CharsetId.javaCharset(column.characterSet()));
                }
                case ROW -> {
                    TextRow row = TextRow.decode(packet.payload(), columns.size());
                    List<String> values = new ArrayList<>(columns.size());
                    for (int i = 0; i < columns.size(); i++) {
                        byte[] value = row.values().get(i);
                        values.add(value == null ? null : new String(value, charsets.get(i)));
                    }
                    rows.add(values);
                }
                case OK -> ok = OkPacket.decode(packet.payload(), capabilities);
                case ERR -> error = ErrPacket.decode(packet.payload());
                default -> {
                    // EOFs and terminators carry nothing a QueryResult shows
                }
            }
        } catch (RuntimeException e) {
            // Keep reading to the end of the response so the connection stays in step.
            if (decodeFailure == null) {
                decodeFailure = e;
            }
        } finally {
            packet.release();
        }
    }

    @Override
    public void onComplete(int serverStatus) {
        if (decodeFailure != null) {
            result.completeExceptionally(decodeFailure);
        } else if (error != null) {
            result.completeExceptionally(new BackendErrorException(backend, error));
        } else if (ok != null && columns.isEmpty()) {
            result.complete(new QueryResult(List.of(), List.of(), ok.affectedRows(), ok.lastInsertId(), ok.warnings(),
                    ok.info(), serverStatus));
        } else {
            result.complete(new QueryResult(columns, rows, 0, 0, 0, "", serverStatus));
        }
    }

    @Override
    public void onFailure(Throwable cause) {
        result.completeExceptionally(cause);
    }
}
