package io.shardgate.proxy.execute;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.protocol.CharsetId;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ColumnType;
import io.shardgate.proxy.protocol.EofPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.proxy.protocol.TextRow;
import io.shardgate.proxy.protocol.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small result set the proxy answers itself (SHOW DATABASES, SELECT DATABASE(), variable probes), in the
 * text protocol. Values are strings or null; columns are VARCHAR unless given otherwise.
 */
public record LocalResult(List<ColumnDefinition41> columns, List<List<String>> rows) {

    public static LocalResult of(List<String> columnNames, List<List<String>> rows) {
        List<ColumnDefinition41> cols = new ArrayList<>();
        for (String name : columnNames) {
            cols.add(ColumnDefinition41.of(name, ColumnType.VAR_STRING, CharsetId.UTF8MB4_GENERAL_CI, 256, 0));
        }
        return new LocalResult(cols, rows);
    }

    public static LocalResult single(String column, String value) {
        List<String> row = new ArrayList<>();
        row.add(value);
        return of(List.of(column), List.of(row));
    }

    /** Writes column count, definitions, rows and the terminator as the client's capabilities require. */
    public void writeTo(ClientStream out, int capabilities, int serverStatus) {
        boolean deprecateEof = (capabilities & io.shardgate.proxy.protocol.Capabilities.DEPRECATE_EOF) != 0;
        var alloc = out.context().alloc();
        ByteBuf count = alloc.buffer(9);
        WireFormat.writeLengthEncodedInt(count, columns.size());
        out.write(count);
        for (ColumnDefinition41 c : columns) {
            ByteBuf b = alloc.buffer(64);
            c.encode(b);
            out.write(b);
        }
        if (!deprecateEof) {
            ByteBuf eof = alloc.buffer(5);
            new EofPacket(0, serverStatus).encode(eof, capabilities);
            out.write(eof);
        }
        for (List<String> row : rows) {
            List<byte[]> values = new ArrayList<>(row.size());
            for (String v : row) {
                values.add(v == null ? null : v.getBytes(StandardCharsets.UTF_8));
            }
            ByteBuf b = alloc.buffer(32);
            new TextRow(values).encode(b);
            out.write(b);
        }
        ByteBuf end = alloc.buffer(9);
        if (deprecateEof) {
            OkPacket.terminator(serverStatus, 0).encode(end, capabilities);
        } else {
            new EofPacket(0, serverStatus).encode(end, capabilities);
        }
        out.write(end);
    }

    /** Status flags with MORE_RESULTS_EXISTS set or cleared. */
    public static int withMoreResults(int status, boolean more) {
        return more ? status | ServerStatus.MORE_RESULTS_EXISTS : status & ~ServerStatus.MORE_RESULTS_EXISTS;
    }
}
