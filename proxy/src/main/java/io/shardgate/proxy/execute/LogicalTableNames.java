package io.shardgate.proxy.execute;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MalformedPacketException;
import io.shardgate.proxy.protocol.WireFormat;
import io.shardgate.router.topology.SchemaTopology;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Column definitions and error messages from a shard name its physical table ({@code table} and {@code org_table} =
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
     * A backend's error with logical table names: {@code Table 'shop.orders_0002' doesn't exist} becomes
     * {@code Table 'shop.orders' doesn't exist}, and a name built on a physical one ({@code order_items_0001_ibfk_1},
     * a foreign key InnoDB named after its table) is built on the logical one. The same instance when the
     * message names no shard table.
     */
    public ErrPacket rename(ErrPacket err) {
        String message = renameIn(err.message());
        return message == err.message() ? err : new ErrPacket(err.errorCode(), err.sqlState(), message);
    }

    /**
     * An ERR payload with logical table names in its message: {@code payload} itself when nothing changes, else
     * a new buffer (and {@code payload} is released). Only errors pay for this: they are rare.
     */
    public ByteBuf renameError(ByteBuf payload, ByteBufAllocator alloc) {
        ErrPacket err;
        try {
            err = ErrPacket.decode(payload.duplicate());
        } catch (RuntimeException e) {
            return payload; // not the ERR it should be: forwarded as the backend sent it
        }
        ErrPacket renamed = rename(err);
        if (renamed == err) {
            return payload;
        }
        ByteBuf out = alloc.buffer(payload.readableBytes() + 16);
        renamed.encode(out);
        payload.release();
        return out;
    }

    /** {@code text} with every word naming a physical table (or built on one) named logically. */
    String renameIn(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (!isWordChar(text.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            while (end < n && isWordChar(text.charAt(end))) {
                end++;
            }
            String logical = logicalWord(text.substring(i, end));
            if (logical != null) {
                out = out == null ? new StringBuilder(n + 16) : out;
                out.append(text, copied, i).append(logical);
                copied = end;
            }
            i = end;
        }
        return out == null ? text : out.append(text, copied, n).toString();
    }

    /** The logical form of a word that is a physical table's name or starts with one and {@code _}; else null. */
    private String logicalWord(String word) {
        Optional<String> logical = schema.logicalTableOf(word);
        if (logical.isPresent()) {
            return logical.get();
        }
        for (int cut = word.indexOf('_'); cut > 0; cut = word.indexOf('_', cut + 1)) {
            Optional<String> prefix = schema.logicalTableOf(word.substring(0, cut));
            if (prefix.isPresent()) {
                return prefix.get() + word.substring(cut);
            }
        }
        return null;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
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
