package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One value in the binary protocol (prepared-statement rows and parameters), by column type.
 * Java types, matching the router's Row: Long for every integer type (unsigned BIGINT above
 * Long.MAX_VALUE as BigInteger), Float, Double, BigDecimal, LocalDate (DATE), LocalDateTime
 * (DATETIME, TIMESTAMP), {@link MysqlDateTime} for dates java.time cannot hold, Duration (TIME),
 * and for string-like types a String when a charset is given, else byte[].
 */
public final class BinaryValue {

    private BinaryValue() {
    }

    /**
     * @param charset how to turn string-like values into Strings, or null to keep them as byte[]
     */
    public static Object read(ByteBuf buf, ColumnType type, boolean unsigned, Charset charset) {
        return switch (type) {
            case NULL -> null;
            case TINY -> (long) (unsigned ? buf.readUnsignedByte() : buf.readByte());
            case SHORT, YEAR -> (long) (unsigned ? buf.readUnsignedShortLE() : buf.readShortLE());
            case LONG, INT24 -> unsigned ? buf.readUnsignedIntLE() : (long) buf.readIntLE();
            case LONGLONG -> readLongLong(buf, unsigned);
            case FLOAT -> buf.readFloatLE();
            case DOUBLE -> buf.readDoubleLE();
            case DECIMAL, NEWDECIMAL -> readDecimal(buf, type);
            case DATE, NEWDATE -> readDateTime(buf, true);
            case DATETIME, DATETIME2, TIMESTAMP, TIMESTAMP2 -> readDateTime(buf, false);
            case TIME, TIME2 -> readTime(buf);
            default -> charset == null ? requireValue(WireFormat.readLengthEncodedBytes(buf), type)
                    : requireValue(WireFormat.readLengthEncodedString(buf, charset), type);
        };
    }

    /** Writes a non-null value; see the class comment for accepted Java types. */
    public static void write(ByteBuf out, ColumnType type, Object value, Charset charset) {
        switch (type) {
            case NULL -> { }
            case TINY -> out.writeByte((int) number(value, type).longValue());
            case SHORT, YEAR -> out.writeShortLE((int) number(value, type).longValue());
            case LONG, INT24 -> out.writeIntLE((int) number(value, type).longValue());
            case LONGLONG -> out.writeLongLE(number(value, type).longValue());
            case FLOAT -> out.writeFloatLE(number(value, type).floatValue());
            case DOUBLE -> out.writeDoubleLE(number(value, type).doubleValue());
            case DECIMAL, NEWDECIMAL -> WireFormat.writeLengthEncodedString(out,
                    value instanceof BigDecimal d ? d.toPlainString() : value.toString(), StandardCharsets.US_ASCII);
            case DATE, NEWDATE, DATETIME, DATETIME2, TIMESTAMP, TIMESTAMP2 -> writeDateTime(out, value);
            case TIME, TIME2 -> writeTime(out, (Duration) value);
            default -> {
                if (value instanceof byte[] bytes) {
                    WireFormat.writeLengthEncodedBytes(out, bytes);
                } else {
                    WireFormat.writeLengthEncodedString(out, value.toString(),
                            charset == null ? StandardCharsets.UTF_8 : charset);
                }
            }
        }
    }

    private static BigDecimal readDecimal(ByteBuf buf, ColumnType type) {
        String text = requireValue(WireFormat.readLengthEncodedString(buf, StandardCharsets.US_ASCII), type);
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new MalformedPacketException("binary " + type + ": '" + text + "' is not a decimal number", e);
        }
    }

    private static Object readLongLong(ByteBuf buf, boolean unsigned) {
        long value = buf.readLongLE();
        if (unsigned && value < 0) {
            return new BigInteger(Long.toUnsignedString(value));
        }
        return value;
    }

    private static Object readDateTime(ByteBuf buf, boolean dateOnly) {
        int length = buf.readUnsignedByte();
        if (length != 0 && length != 4 && length != 7 && length != 11) {
            throw new MalformedPacketException("binary date/time: length " + length + ", expected 0, 4, 7 or 11");
        }
        if (length == 0) {
            return MysqlDateTime.ZERO;
        }
        int year = buf.readUnsignedShortLE();
        int month = buf.readUnsignedByte();
        int day = buf.readUnsignedByte();
        int hour = 0;
        int minute = 0;
        int second = 0;
        int micros = 0;
        if (length >= 7) {
            hour = buf.readUnsignedByte();
            minute = buf.readUnsignedByte();
            second = buf.readUnsignedByte();
        }
        if (length == 11) {
            micros = (int) buf.readUnsignedIntLE();
        }
        return MysqlDateTime.of(year, month, day, hour, minute, second, micros, dateOnly);
    }

    private static void writeDateTime(ByteBuf out, Object value) {
        MysqlDateTime t = MysqlDateTime.fieldsOf(value);
        if (t.isZero()) {
            out.writeByte(0);
            return;
        }
        boolean hasTime = t.hour() != 0 || t.minute() != 0 || t.second() != 0 || t.micros() != 0;
        out.writeByte(t.micros() != 0 ? 11 : hasTime ? 7 : 4);
        out.writeShortLE(t.year()).writeByte(t.month()).writeByte(t.day());
        if (hasTime) {
            out.writeByte(t.hour()).writeByte(t.minute()).writeByte(t.second());
        }
        if (t.micros() != 0) {
            out.writeIntLE(t.micros());
        }
    }

    private static Duration readTime(ByteBuf buf) {
        int length = buf.readUnsignedByte();
        if (length != 0 && length != 8 && length != 12) {
            throw new MalformedPacketException("binary time: length " + length + ", expected 0, 8 or 12");
        }
        if (length == 0) {
            return Duration.ZERO;
        }
        boolean negative = buf.readUnsignedByte() == 1;
        long days = buf.readUnsignedIntLE();
        int hours = buf.readUnsignedByte();
        int minutes = buf.readUnsignedByte();
        int seconds = buf.readUnsignedByte();
        long micros = length == 12 ? buf.readUnsignedIntLE() : 0;
        Duration d = Duration.ofDays(days).plusHours(hours).plusMinutes(minutes).plusSeconds(seconds)
                .plusNanos(micros * 1000);
        return negative ? d.negated() : d;
    }

    private static void writeTime(ByteBuf out, Duration value) {
        if (value.isZero()) {
            out.writeByte(0);
            return;
        }
        Duration abs = value.abs();
        int micros = abs.toNanosPart() / 1000;
        out.writeByte(micros != 0 ? 12 : 8);
        out.writeByte(value.isNegative() ? 1 : 0);
        out.writeIntLE((int) abs.toDays());
        out.writeByte(abs.toHoursPart()).writeByte(abs.toMinutesPart()).writeByte(abs.toSecondsPart());
        if (micros != 0) {
            out.writeIntLE(micros);
        }
    }

    private static Number number(Object value, ColumnType type) {
        if (value instanceof Number n) {
            return n;
        } else if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw new IllegalArgumentException(type + " needs a number, got " + value);
    }

    private static <T> T requireValue(T value, ColumnType type) {
        if (value == null) {
            throw new MalformedPacketException("binary value of type " + type
                    + " is the NULL marker; NULLs belong in the null bitmap");
        }
        return value;
    }
}
