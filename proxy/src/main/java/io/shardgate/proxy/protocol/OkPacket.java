package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * OK: a command succeeded. With DEPRECATE_EOF the same layout, headed 0xFE instead of 0x00, also
 * ends a result set in place of the EOF packet ({@link #isTerminator()}).
 *
 * @param header            0x00, or 0xFE for the result-set terminator form
 * @param affectedRows      unsigned
 * @param lastInsertId      unsigned
 * @param statusFlags       {@link ServerStatus} flags
 * @param warnings          warning count
 * @param info              human-readable info ("Rows matched: 1  Changed: 1  Warnings: 0"), empty if none
 * @param sessionStateInfo  raw session-tracking data when SESSION_STATE_CHANGED is set, else null
 */
public record OkPacket(int header, long affectedRows, long lastInsertId, int statusFlags, int warnings,
                       String info, byte[] sessionStateInfo) {

    public static final int HEADER = 0x00;
    public static final int TERMINATOR_HEADER = 0xFE;

    public OkPacket {
        if (header != HEADER && header != TERMINATOR_HEADER) {
            throw new IllegalArgumentException(String.format("OK header must be 0x00 or 0xFE, was 0x%02X", header));
        }
        info = info == null ? "" : info;
    }

    /** A plain OK (header 0x00) without info. */
    public static OkPacket of(long affectedRows, long lastInsertId, int statusFlags, int warnings) {
        return new OkPacket(HEADER, affectedRows, lastInsertId, statusFlags, warnings, "", null);
    }

    /** The 0xFE-headed OK that ends a result set when DEPRECATE_EOF is negotiated. */
    public static OkPacket terminator(int statusFlags, int warnings) {
        return new OkPacket(TERMINATOR_HEADER, 0, 0, statusFlags, warnings, "", null);
    }

    public boolean isTerminator() {
        return header == TERMINATOR_HEADER;
    }

    /** True if the payload starts with 0x00 and is long enough to be an OK (7 bytes at least). */
    public static boolean isOk(ByteBuf payload) {
        return payload.readableBytes() >= 7 && payload.getUnsignedByte(payload.readerIndex()) == HEADER;
    }

    public static OkPacket decode(ByteBuf payload, int capabilities) {
        ByteBuf buf = payload.duplicate();
        try {
            int header = buf.readUnsignedByte();
            if (header != HEADER && header != TERMINATOR_HEADER) {
                throw MalformedPacketException.badHeader("OK", HEADER, header);
            }
            long affectedRows = WireFormat.readLengthEncodedInt(buf);
            long lastInsertId = WireFormat.readLengthEncodedInt(buf);
            int status = 0;
            int warnings = 0;
            if (Capabilities.has(capabilities, Capabilities.PROTOCOL_41)) {
                status = buf.readUnsignedShortLE();
                warnings = buf.readUnsignedShortLE();
            } else if (Capabilities.has(capabilities, Capabilities.TRANSACTIONS)) {
                status = buf.readUnsignedShortLE();
            }
            String info = "";
            byte[] sessionState = null;
            if (buf.isReadable()) {
                // Servers length-encode the info (the reference manual's string<EOF> is not what
                // MySQL or MariaDB send); a prefix that does not fit means a raw rest-of-packet string.
                if (lengthEncodedFits(buf)) {
                    info = WireFormat.readLengthEncodedString(buf, StandardCharsets.UTF_8);
                } else {
                    info = WireFormat.readRestOfPacketString(buf, StandardCharsets.UTF_8);
                }
                if (Capabilities.has(capabilities, Capabilities.SESSION_TRACK)
                        && ServerStatus.has(status, ServerStatus.SESSION_STATE_CHANGED) && buf.isReadable()) {
                    sessionState = WireFormat.readLengthEncodedBytes(buf);
                }
            }
            return new OkPacket(header, affectedRows, lastInsertId, status, warnings, info, sessionState);
        } catch (IndexOutOfBoundsException e) {
            throw MalformedPacketException.truncated("OK", e);
        }
    }

    private static boolean lengthEncodedFits(ByteBuf buf) {
        ByteBuf probe = buf.duplicate();
        try {
            long length = WireFormat.readLengthEncodedInt(probe);
            return length >= 0 && length <= probe.readableBytes();
        } catch (MalformedPacketException e) {
            return false;
        }
    }

    public void encode(ByteBuf out, int capabilities) {
        out.writeByte(header);
        WireFormat.writeLengthEncodedInt(out, affectedRows);
        WireFormat.writeLengthEncodedInt(out, lastInsertId);
        if (Capabilities.has(capabilities, Capabilities.PROTOCOL_41)) {
            out.writeShortLE(statusFlags).writeShortLE(warnings);
        } else if (Capabilities.has(capabilities, Capabilities.TRANSACTIONS)) {
            out.writeShortLE(statusFlags);
        }
        boolean withState = sessionStateInfo != null && Capabilities.has(capabilities, Capabilities.SESSION_TRACK)
                && ServerStatus.has(statusFlags, ServerStatus.SESSION_STATE_CHANGED);
        if (!info.isEmpty() || withState) {
            WireFormat.writeLengthEncodedString(out, info, StandardCharsets.UTF_8);
        }
        if (withState) {
            WireFormat.writeLengthEncodedBytes(out, sessionStateInfo);
        }
    }
}
