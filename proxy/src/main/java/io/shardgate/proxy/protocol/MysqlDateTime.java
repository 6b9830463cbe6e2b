package io.shardgate.proxy.protocol;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * A DATE/DATETIME/TIMESTAMP value as its fields. The binary protocol decodes to
 * {@link LocalDate}/{@link LocalDateTime} whenever java.time can hold the value; this record
 * carries the ones it cannot, such as MySQL's zero date '0000-00-00 00:00:00' or '2024-02-00',
 * so they survive a decode/encode round trip unchanged.
 */
public record MysqlDateTime(int year, int month, int day, int hour, int minute, int second, int micros) {

    public static final MysqlDateTime ZERO = new MysqlDateTime(0, 0, 0, 0, 0, 0, 0);

    public boolean isZero() {
        return equals(ZERO);
    }

    /**
     * The java.time value for these fields (a LocalDate when {@code dateOnly}), or the fields
     * themselves when they are not a valid date.
     */
    public static Object of(int year, int month, int day, int hour, int minute, int second, int micros,
                            boolean dateOnly) {
        try {
            if (dateOnly) {
                return LocalDate.of(year, month, day);
            }
            return LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000);
        } catch (DateTimeException e) {
            return new MysqlDateTime(year, month, day, hour, minute, second, micros);
        }
    }

    static MysqlDateTime fieldsOf(Object value) {
        if (value instanceof MysqlDateTime fields) {
            return fields;
        } else if (value instanceof LocalDate date) {
            return new MysqlDateTime(date.getYear(), date.getMonthValue(), date.getDayOfMonth(), 0, 0, 0, 0);
        } else if (value instanceof LocalDateTime time) {
            return new MysqlDateTime(time.getYear(), time.getMonthValue(), time.getDayOfMonth(), time.getHour(),
                    time.getMinute(), time.getSecond(), time.getNano() / 1000);
        }
        throw new IllegalArgumentException("not a date/time value: " + value);
    }

    @Override
    public String toString() {
        String text = String.format("%04d-%02d-%02d %02d:%02d:%02d", year, month, day, hour, minute, second);
        return micros == 0 ? text : text + String.format(".%06d", micros);
    }
}
