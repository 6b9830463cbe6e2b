package io.shardgate.proxy.execute;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.MalformedPacketException;
import io.shardgate.proxy.protocol.WireFormat;
import io.shardgate.router.topology.SchemaTopology;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Column definitions from a shard name its physical table ({@code table} and {@code org_table} =
 * {@code orders_0003}); a single MySQL server would name {@code orders}, and drivers show it
 * ({@code ResultSetMetaData.getTableName}). This puts the logical name back: {@code org_table} always,
 * {@code table} when it is the physical name (an alias the query gave stays).
 *
 * <p>Only the two names change: the packet is rebuilt from the original bytes around them, so the other
 * names keep whatever character set the server wrote them in. Definitions that name no shard table are
 * passed on untouched (the common case: one lookup, no copy).
 */
public final class LogicalTableNames {

    private final SchemaTopology schema;

    private LogicalTableNames(SchemaTopology schema) {
        this.schema = schema;
    }

    /** Null when the schema has no sharded tables: nothing to rename, the caller skips the work. */
    public static LogicalTableNames of(Optional<SchemaTopology> schema) {
        return schema.filter(SchemaTopology::hasShardedTables).map(LogicalTableNames::new).orElse(null);
    }

    /** A decoded definition with logical names, or the same instance when it names no shard table. */
    public ColumnDefinition41 rename(ColumnDefinition41 column) {
        Optional<String> logical = schema.logicalTableOf(column.orgTable());
        if (logical.isEmpty()) {
            return column;
        }
        String table = column.table().equals(column.orgTable()) ? logical.get() : column.table();
        return new ColumnDefinition41(column.catalog(), column.schema(), table, logical.get(), column.name(),
                column.orgName(), column.characterSet(), column.columnLength(), column.type(), column.flags(),
                column.decimals(), column.defaultValues());
    }

    /**
     * A column-definition payload with logical names: {@code payload} itself when nothing changes, else a new
     * buffer (and {@code payload} is released).
     */
    public ByteBuf rename(ByteBuf payload, ByteBufAllocator alloc) {
        ByteBuf view = payload.duplicate();
        try {
            WireFormat.skipLengthEncoded(view); // catalog
            WireFormat.skipLengthEncoded(view); // schema
            int tableStart = view.readerIndex();
            String table = WireFormat.readLengthEncodedString(view, StandardCharsets.UTF_8);
            String orgTable = WireFormat.readLengthEncodedString(view, StandardCharsets.UTF_8);
            int rest = view.readerIndex();
            if (orgTable == null) {
                return payload;
            }
            Optional<String> logical = schema.logicalTableOf(orgTable);
            if (logical.isEmpty()) {
                return payload;
            }
            String newTable = orgTable.equals(table) ? logical.get() : table;
            ByteBuf out = alloc.buffer(payload.readableBytes());
            out.writeBytes(payload, payload.readerIndex(), tableStart - payload.readerIndex());
            WireFormat.writeLengthEncodedString(out, newTable, StandardCharsets.UTF_8);
            WireFormat.writeLengthEncodedString(out, logical.get(), StandardCharsets.UTF_8);
            out.writeBytes(payload, rest, payload.writerIndex() - rest);
            payload.release();
            return out;
        } catch (IndexOutOfBoundsException e) {
            throw MalformedPacketException.truncated("ColumnDefinition41", e);
        }
    }
}
