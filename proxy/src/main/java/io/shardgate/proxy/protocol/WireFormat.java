package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.Charset;

/**
 * The protocol's basic data types: fixed-length little-endian integers, length-encoded integers
 * and strings, NUL-terminated strings and rest-of-packet strings.
 *
 * <p>Length-encoded integer prefixes: a first byte below 0xFB is the value; 0xFC, 0xFD, 0xFE are
 * followed by a 2-, 3- or 8-byte value; 0xFB stands for SQL NULL in row data; 0xFF is not an
 * integer (it starts ERR packets). Reads check the available bytes and throw
 * {@link MalformedPacketException} rather than reading past the payload.
 */
public final class WireFormat {

    /** First byte of a length-encoded value that means SQL NULL. */
    public static final int NULL_MARKER = 0xFB;

    /** What {@link #readLengthEncodedInt} returns for the NULL marker. */
    public static final long NULL_LENGTH = -1;

    private WireFormat() {
    }

    // ---- fixed-length integers ------------------------------------------------------------

    /** Reads an unsigned little-endian integer of 1 to 8 bytes (8 bytes may come back negative). */
    public static long readFixedInt(ByteBuf buf, int bytes) {
        require(buf, bytes, "int<" + bytes + ">");
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value |= (long) buf.readUnsignedByte() << (8 * i);
        }
        return value;
    }

    /** Writes the low {@code bytes} bytes of {@code value}, little-endian. */
    public static ByteBuf writeFixedInt(ByteBuf buf, int bytes, long value) {
        for (int i = 0; i < bytes; i++) {
            buf.writeByte((int) (value >>> (8 * i)));
        }
        return buf;
    }

    // ---- length-encoded integers ----------------------------------------------------------

    /**
     * Reads a length-encoded integer, or returns {@link #NULL_LENGTH} for the 0xFB NULL marker.
     * Values above Long.MAX_VALUE (0xFE prefix) come back negative, as unsigned longs do.
     */
    public static long readLengthEncodedInt(ByteBuf buf) {
        require(buf, 1, "int<lenenc>");
        int first = buf.readUnsignedByte();
        return switch (first) {
            case NULL_MARKER -> NULL_LENGTH;
            case 0xFC -> readFixedInt(buf, 2);
            case 0xFD -> readFixedInt(buf, 3);
            case 0xFE -> readFixedInt(buf, 8);
            case 0xFF -> throw new MalformedPacketException("int<lenenc>: 0xFF is not a length-encoded integer prefix");
            default -> first;
        };
    }

    /** Bytes {@link #writeLengthEncodedInt} uses for {@code value} (unsigned). */
    public static int lengthEncodedIntSize(long value) {
        if (value >= 0 && value < 0xFB) {
            return 1;
        } else if (value >= 0 && value < 0x1_0000) {
            return 3;
        } else if (value >= 0 && value < 0x100_0000) {
            return 4;
        }
        return 9;
    }

    /** Writes {@code value} (treated as unsigned) with the shortest prefix. */
    public static ByteBuf writeLengthEncodedInt(ByteBuf buf, long value) {
        switch (lengthEncodedIntSize(value)) {
            case 1 -> buf.writeByte((int) value);
            case 3 -> writeFixedInt(buf.writeByte(0xFC), 2, value);
            case 4 -> writeFixedInt(buf.writeByte(0xFD), 3, value);
            default -> buf.writeByte(0xFE).writeLongLE(value);
        }
        return buf;
    }

    /** Writes the 0xFB marker that stands for SQL NULL in a text row. */
    public static ByteBuf writeNull(ByteBuf buf) {
        return buf.writeByte(NULL_MARKER);
    }

    // ---- length-encoded strings -----------------------------------------------------------

    /** Reads a length-encoded string's bytes, or null for the NULL marker. */
    public static byte[] readLengthEncodedBytes(ByteBuf buf) {
        long length = readLengthEncodedInt(buf);
        if (length == NULL_LENGTH) {
            return null;
        }
        byte[] bytes = new byte[checkedLength(buf, length)];
        buf.readBytes(bytes);
        return bytes;
    }

    /** Reads a length-encoded string, or null for the NULL marker. */
    public static String readLengthEncodedString(ByteBuf buf, Charset charset) {
        long length = readLengthEncodedInt(buf);
        if (length == NULL_LENGTH) {
            return null;
        }
        int n = checkedLength(buf, length);
        String value = buf.toString(buf.readerIndex(), n, charset);
        buf.skipBytes(n);
        return value;
    }

    /** Skips one length-encoded string (or NULL). */
    public static void skipLengthEncoded(ByteBuf buf) {
        long length = readLengthEncodedInt(buf);
        if (length != NULL_LENGTH) {
            buf.skipBytes(checkedLength(buf, length));
        }
    }

    /** Writes {@code value} with a length prefix; null writes the NULL marker. */
    public static ByteBuf writeLengthEncodedBytes(ByteBuf buf, byte[] value) {
        if (value == null) {
            return writeNull(buf);
        }
        return writeLengthEncodedInt(buf, value.length).writeBytes(value);
    }

    /** Writes {@code value} with a length prefix; null writes the NULL marker. */
    public static ByteBuf writeLengthEncodedString(ByteBuf buf, String value, Charset charset) {
        return writeLengthEncodedBytes(buf, value == null ? null : value.getBytes(charset));
    }

    // ---- NUL-terminated, fixed and rest-of-packet strings ----------------------------------

    /** Reads up to the next NUL and consumes the NUL. */
    public static String readNulTerminatedString(ByteBuf buf, Charset charset) {
        int end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 0);
        if (end < 0) {
            throw new MalformedPacketException("string<NUL>: no terminating NUL in the remaining "
                    + buf.readableBytes() + " bytes");
        }
        String value = buf.toString(buf.readerIndex(), end - buf.readerIndex(), charset);
        buf.readerIndex(end + 1);
        return value;
    }

    /** Reads up to the next NUL, or to the end when there is none (some servers omit it). */
    public static String readNulTerminatedOrRest(ByteBuf buf, Charset charset) {
        int end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 0);
        if (end < 0) {
            return readRestOfPacketString(buf, charset);
        }
        return readNulTerminatedString(buf, charset);
    }

    public static ByteBuf writeNulTerminatedString(ByteBuf buf, String value, Charset charset) {
        buf.writeCharSequence(value, charset);
        return buf.writeByte(0);
    }

    public static String readFixedString(ByteBuf buf, int length, Charset charset) {
        require(buf, length, "string<" + length + ">");
        String value = buf.toString(buf.readerIndex(), length, charset);
        buf.skipBytes(length);
        return value;
    }

    public static String readRestOfPacketString(ByteBuf buf, Charset charset) {
        String value = buf.toString(charset);
        buf.skipBytes(buf.readableBytes());
        return value;
    }

    public static byte[] readRestOfPacketBytes(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    // ---- checks ---------------------------------------------------------------------------

    private static int checkedLength(ByteBuf buf, long length) {
        if (length < 0 || length > buf.readableBytes()) {
            throw new MalformedPacketException("string<lenenc>: length " + Long.toUnsignedString(length)
                    + " exceeds the remaining " + buf.readableBytes() + " bytes");
        }
        return (int) length;
    }

    private static void require(ByteBuf buf, int bytes, String what) {
        if (buf.readableBytes() < bytes) {
            throw new MalformedPacketException(what + ": needs " + bytes + " bytes, " + buf.readableBytes() + " remain");
        }
    }
}
