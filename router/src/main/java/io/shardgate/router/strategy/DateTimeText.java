package io.shardgate.router.strategy;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * Reads the date and datetime literal forms MySQL accepts for a DATE/DATETIME column, as the time strategy
 * needs them:
 *
 * <ul>
 *   <li>{@code YYYY-M[M]-D[D]}, also with {@code /} as separator</li>
 *   <li>the same followed by a space or {@code T} and {@code h[h]:m[m][:s[s][.ffffff]]}</li>
 *   <li>{@code YYYYMMDD} (8 digits) and {@code YYYYMMDDhhmmss} (14 digits)</li>
 * </ul>
 *
 * Other all-digit strings are not dates: {@link TimeStrategy} reads them as unix seconds, like integers.
 * Leading and trailing spaces are ignored. Returns null for anything else, including impossible dates
 * ({@code 2024-02-30}) and MySQL's zero date.
 */
final class DateTimeText {

    private final String s;
    private int pos;

    private DateTimeText(String s) {
        this.s = s.strip();
    }

    static LocalDateTime parse(String text) {
        try {
            return new DateTimeText(text).read();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** True when {@code text} (spaces stripped) is only digits: then it is a compact date or unix seconds. */
    static boolean allDigits(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private LocalDateTime read() {
        if (allDigits(s)) {
            return switch (s.length()) {
                case 8 -> LocalDate.of(number(0, 4), number(4, 6), number(6, 8)).atStartOfDay();
                case 14 -> LocalDateTime.of(number(0, 4), number(4, 6), number(6, 8),
                        number(8, 10), number(10, 12), number(12, 14));
                default -> null;
            };
        }
        int year = digits(4, 4);
        if (year < 0 || !separator()) {
            return null;
        }
        int month = digits(1, 2);
        if (month < 0 || !separator()) {
            return null;
        }
        int day = digits(1, 2);
        if (day < 0) {
            return null;
        }
        LocalDate date = LocalDate.of(year, month, day);
        if (pos == s.length()) {
            return date.atStartOfDay();
        }
        if (s.charAt(pos) != ' ' && s.charAt(pos) != 'T') {
            return null;
        }
        pos++;
        int hour = digits(1, 2);
        if (hour < 0 || !colon()) {
            return null;
        }
        int minute = digits(1, 2);
        if (minute < 0) {
            return null;
        }
        int second = 0;
        int nanos = 0;
        if (pos < s.length() && s.charAt(pos) == ':') {
            pos++;
            second = digits(1, 2);
            if (second < 0) {
                return null;
            }
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                int start = pos;
                int fraction = digits(1, 9);
                if (fraction < 0) {
                    return null;
                }
                for (int i = pos - start; i < 9; i++) {
                    fraction *= 10;
                }
                nanos = fraction;
            }
        }
        if (pos != s.length()) {
            return null;
        }
        return LocalDateTime.of(date, LocalTime.of(hour, minute, second, nanos));
    }

    private int number(int from, int to) {
        return Integer.parseInt(s, from, to, 10);
    }

    /** Reads between {@code min} and {@code max} digits; -1 when fewer than {@code min}. */
    private int digits(int min, int max) {
        int start = pos;
        int value = 0;
        while (pos < s.length() && pos - start < max && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            value = value * 10 + (s.charAt(pos) - '0');
            pos++;
        }
        return pos - start < min ? -1 : value;
    }

    private boolean separator() {
        if (pos < s.length() && (s.charAt(pos) == '-' || s.charAt(pos) == '/')) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean colon() {
        if (pos < s.length() && s.charAt(pos) == ':') {
            pos++;
            return true;
        }
        return false;
    }
}
