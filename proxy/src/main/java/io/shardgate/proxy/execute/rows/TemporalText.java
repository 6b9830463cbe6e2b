package io.shardgate.proxy.execute.rows;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * DATE, DATETIME/TIMESTAMP and TIME values as the text protocol writes them, to and from java.time:
 * {@code 2024-01-02}, {@code 2024-01-02 03:04:05.123}, {@code -838:59:59.5}.
 *
 * <p>Values java.time cannot hold (the zero date {@code 0000-00-00}, {@code 2024-02-00}, invalid dates
 * allowed by {@code ALLOW_INVALID_DATES}) parse to null: the caller keeps their text, so they reach the
 * client unchanged (they then sort as strings, after every real date, where MySQL puts zero dates first).
 *
 * <p>Formatting takes the column's {@code decimals}, the fractional-second precision (0..6) a server
 * writes exactly, padding with zeros.
 */
final class TemporalText {

    private TemporalText() {
    }

    /** {@code YYYY-MM-DD}, or null when it is not a real calendar date. */
    static LocalDate parseDate(String text) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        if (year < 0 || month < 1 || day < 1) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code YYYY-MM-DD HH:MM:SS[.ffffff]}, or null when it is not a real point in time. */
    static LocalDateTime parseDateTime(String text) {
        if (text.length() < 19 || text.charAt(10) != ' ') {
            return null;
        }
        LocalDate date = parseDate(text.substring(0, 10));
        if (date == null || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int nanos = fraction(text, 19);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || nanos < 0) {
            return null;
        }
        return LocalDateTime.of(date, LocalTime.of(hour, minute, second, nanos));
    }

    /** {@code [-]H..H:MM:SS[.ffffff]} (hours up to 838), or null when malformed. */
    static Duration parseTime(String text) {
        boolean negative = text.startsWith("-");
        int start = negative ? 1 : 0;
        int colon = text.indexOf(':', start);
        if (colon <= start || colon + 6 > text.length() || text.charAt(colon + 3) != ':') {
            return null;
        }
        int hours = digits(text, start, colon - start);
        int minutes = digits(text, colon + 1, 2);
        int seconds = digits(text, colon + 4, 2);
        int nanos = fraction(text, colon + 6);
        if (hours < 0 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59 || nanos < 0) {
            return null;
        }
        Duration d = Duration.ofSeconds(hours * 3600L + minutes * 60L + seconds, nanos);
        return negative ? d.negated() : d;
    }

    static String formatDate(LocalDate date) {
        StringBuilder out = new StringBuilder(10);
        appendDate(out, date);
        return out.toString();
    }

    static String formatDateTime(LocalDateTime value, int decimals) {
        StringBuilder out = new StringBuilder(26);
        appendDate(out, value.toLocalDate());
        out.append(' ');
        pad(out, value.getHour(), 2).append(':');
        pad(out, value.getMinute(), 2).append(':');
        pad(out, value.getSecond(), 2);
        appendFraction(out, value.getNano(), decimals);
        return out.toString();
    }

    static String formatTime(Duration value, int decimals) {
        StringBuilder out = new StringBuilder(16);
        if (value.isNegative()) {
            out.append('-');
        }
        Duration abs = value.abs();
        long seconds = abs.getSeconds();
        pad(out, seconds / 3600, 2).append(':');
        pad(out, seconds / 60 % 60, 2).append(':');
        pad(out, seconds % 60, 2);
        appendFraction(out, abs.getNano(), decimals);
        return out.toString();
    }

    /**
     * The fraction with exactly {@code decimals} digits (the column's precision); an unknown precision
     * (above 6, as for some expressions) shows microseconds when there are any.
     */
    private static void appendFraction(StringBuilder out, int nanos, int decimals) {
        int digits = decimals <= 6 ? decimals : nanos == 0 ? 0 : 6;
        if (digits == 0) {
            return;
        }
        String micros = Integer.toString(1_000_000 + nanos / 1000).substring(1);
        out.append('.').append(micros, 0, digits);
    }

    private static void appendDate(StringBuilder out, LocalDate date) {
        pad(out, date.getYear(), 4).append('-');
        pad(out, date.getMonthValue(), 2).append('-');
        pad(out, date.getDayOfMonth(), 2);
    }

    private static StringBuilder pad(StringBuilder out, long value, int width) {
        String s = Long.toString(value);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(s);
    }

    /** The decimal number in text[from, from+length), or -1 when those are not all digits. */
    private static int digits(String text, int from, int length) {
        if (length <= 0 || length > 9 || from + length > text.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Nanoseconds of an optional {@code .f..f} (1..9 digits) at {@code from} ending the text; -1 if bad. */
    private static int fraction(String text, int from) {
        if (from == text.length()) {
            return 0;
        }
        int length = text.length() - from - 1;
        if (text.charAt(from) != '.' || length < 1 || length > 9) {
            return -1;
        }
        int value = digits(text, from + 1, length);
        if (value < 0) {
            return -1;
        }
        for (int i = length; i < 9; i++) {
            value *= 10;
        }
        return value;
    }
}
