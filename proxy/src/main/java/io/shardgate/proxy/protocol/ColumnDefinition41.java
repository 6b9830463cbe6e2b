package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * One column of a result set (or one parameter of a prepared statement).
 *
 * @param catalog       always "def"
 * @param schema        database of the source table, "" for expressions
 * @param table         table alias
 * @param orgTable      physical table
 * @param name          column label (alias)
 * @param orgName       physical column name
 * @param characterSet  collation id of the column's values (63 = binary)
 * @param columnLength  maximum display length, unsigned 32-bit
 * @param type          value type
 * @param flags         {@link ColumnFlags}
 * @param decimals      shown decimals (0x1F for "not fixed")
 * @param defaultValues COM_FIELD_LIST's default value, else null
 */
public record ColumnDefinition41(String catalog, String schema, String table, String orgTable, String name,
                                 String orgName, int characterSet, long columnLength, ColumnType type, int flags,
                                 int decimals, byte[] defaultValues) {

    private static final int FIXED_FIELDS_LENGTH = 0x0C;

    public ColumnDefinition41 {
        catalog = catalog == null ? "def" : catalog;
        schema = schema == null ? "" : schema;
        table = table == null ? "" : table;
        orgTable = orgTable == null ? "" : orgTable;
        orgName = orgName == null ? "" : orgName;
    }

    /** A column of a result the proxy builds itself (SHOW ..., SELECT @@version_comment). */
    public static ColumnDefinition41 of(String name, ColumnType type, int characterSet, long columnLength, int flags) {
        return new ColumnDefinition41("def", "", "", "", name, "", characterSet, columnLength, type, flags, 0, null);
    }

    public boolean isUnsigned() {
        return (flags & ColumnFlags.UNSIGNED) != 0;
    }

    public static ColumnDefinition41 decode(ByteBuf payload) {
        return decode(payload, false);
    }

    /** @param fieldList true when answering COM_FIELD_LIST, whose definitions carry default values */
    public static ColumnDefinition41 decode(ByteBuf payload, boolean fieldList) {
        return decode(payload, fieldList, false);
    }

    /**
     * @param extendedMetadata true on a connection that negotiated MariaDB's
     *        {@link Capabilities#MARIADB_CLIENT_EXTENDED_METADATA}: the extra type-info string
     *        (e.g. "json", "uuid") after org_name is skipped, so such definitions do not re-encode
     *        byte for byte. The proxy never negotiates it.
     */
    public static ColumnDefinition41 decode(ByteBuf payload, boolean fieldList, boolean extendedMetadata) {
        ByteBuf buf = payload.duplicate();
        try {
            String catalog = readString(buf, "catalog");
            String schema = readString(buf, "schema");
            String table = readString(buf, "table");
            String orgTable = readString(buf, "org_table");
            String name = readString(buf, "name");
            String orgName = readString(buf, "org_name");
            if (extendedMetadata) {
                WireFormat.skipLengthEncoded(buf);
            }
            long fixed = WireFormat.readLengthEncodedInt(buf);
            if (fixed < FIXED_FIELDS_LENGTH || fixed > buf.readableBytes()) {
                throw new MalformedPacketException("ColumnDefinition41: fixed-fields length " + fixed
                        + ", expected 12 with " + buf.readableBytes() + " bytes remaining");
            }
            int charset = buf.readUnsignedShortLE();
            long length = buf.readUnsignedIntLE();
            ColumnType type = ColumnType.of(buf.readUnsignedByte());
            int flags = buf.readUnsignedShortLE();
            int decimals = buf.readUnsignedByte();
            buf.skipBytes(2 + (int) (fixed - FIXED_FIELDS_LENGTH));
            byte[] defaults = fieldList && buf.isReadable() ? WireFormat.readLengthEncodedBytes(buf) : null;
            return new ColumnDefinition41(catalog, schema, table, orgTable, name, orgName, charset, length, type, flags,
                    decimals, defaults);
        } catch (IndexOutOfBoundsException e) {
            throw MalformedPacketException.truncated("ColumnDefinition41", e);
        }
    }

    public void encode(ByteBuf out) {
        WireFormat.writeLengthEncodedString(out, catalog, StandardCharsets.UTF_8);
        WireFormat.writeLengthEncodedString(out, schema, StandardCharsets.UTF_8);
        WireFormat.writeLengthEncodedString(out, table, StandardCharsets.UTF_8);
        WireFormat.writeLengthEncodedString(out, orgTable, StandardCharsets.UTF_8);
        WireFormat.writeLengthEncodedString(out, name, StandardCharsets.UTF_8);
        WireFormat.writeLengthEncodedString(out, orgName, StandardCharsets.UTF_8);
        WireFormat.writeLengthEncodedInt(out, FIXED_FIELDS_LENGTH);
        out.writeShortLE(characterSet).writeIntLE((int) columnLength).writeByte(type.code()).writeShortLE(flags)
                .writeByte(decimals).writeShortLE(0);
        if (defaultValues != null) {
            WireFormat.writeLengthEncodedBytes(out, defaultValues);
        }
    }

    private static String readString(ByteBuf buf, String field) {
        String value = WireFormat.readLengthEncodedString(buf, StandardCharsets.UTF_8);
        if (value == null) {
            throw new MalformedPacketException("ColumnDefinition41: " + field + " is the NULL marker");
        }
        return value;
    }
}
