package io.shardgate.config;

import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import io.shardgate.config.StrategyParams.Period;
import io.shardgate.config.StrategyParams.TimeUnit;

/**
 * Time-strategy periods as written ({@code 2024-01..2024-12}, {@code 2024-01-01..2024-01-31},
 * {@code 2024..2026}, or one unit alone: {@code 2024-03}), how many physical tables each holds, and
 * the table-name suffix of each unit ({@code 202401}, {@code 20240115}, {@code 2024}).
 */
final class PeriodText {

    private static final DateTimeFormatter DAY_SUFFIX = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT);
    private static final DateTimeFormatter MONTH_SUFFIX = DateTimeFormatter.ofPattern("uuuuMM", Locale.ROOT);

    private PeriodText() {
    }

    /** @throws IllegalArgumentException saying which form was expected */
    static Period parse(String text, TimeUnit unit) {
        String s = text.trim();
        int dots = s.indexOf("..");
        String from = dots < 0 ? s : s.substring(0, dots).trim();
        String to = dots < 0 ? s : s.substring(dots + 2).trim();
        LocalDate first;
        LocalDate last;
        try {
            switch (unit) {
                case DAY -> {
                    first = day(from);
                    last = day(to);
                }
                case MONTH -> {
                    first = month(from).atDay(1);
                    last = month(to).atEndOfMonth();
                }
                default -> {
                    first = year(from).atDay(1);
                    last = year(to).atMonth(12).atEndOfMonth();
                }
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a " + name(unit) + " range (" + form(unit) + ")");
        }
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("'" + text + "' ends before it starts");
        }
        return new Period(first, last);
    }

    private static LocalDate day(String s) {
        if (!s.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw new IllegalArgumentException();
        }
        return LocalDate.parse(s); // ISO_LOCAL_DATE is strict: 2024-02-30 fails
    }

    private static YearMonth month(String s) {
        if (!s.matches("\\d{4}-\\d{2}")) {
            throw new IllegalArgumentException();
        }
        return YearMonth.parse(s);
    }

    private static Year year(String s) {
        if (!s.matches("\\d{4}")) {
            throw new IllegalArgumentException();
        }
        return Year.of(Integer.parseInt(s));
    }

    private static String name(TimeUnit unit) {
        return unit.name().toLowerCase(Locale.ROOT);
    }

    private static String form(TimeUnit unit) {
        return switch (unit) {
            case DAY -> "YYYY-MM-DD..YYYY-MM-DD";
            case MONTH -> "YYYY-MM..YYYY-MM";
            case YEAR -> "YYYY..YYYY";
        };
    }

    /** How many units (physical tables) the period covers. */
    static long units(Period p, TimeUnit unit) {
        return switch (unit) {
            case DAY -> ChronoUnit.DAYS.between(p.first(), p.last()) + 1;
            case MONTH -> ChronoUnit.MONTHS.between(YearMonth.from(p.first()), YearMonth.from(p.last())) + 1;
            case YEAR -> p.last().getYear() - p.first().getYear() + 1L;
        };
    }

    /** The physical-table suffix of every unit in the period, in order. */
    static List<String> suffixes(Period p, TimeUnit unit) {
        List<String> out = new ArrayList<>();
        for (LocalDate d = p.first(); !d.isAfter(p.last()); d = next(d, unit)) {
            out.add(suffix(d, unit));
        }
        return out;
    }

    static String suffix(LocalDate d, TimeUnit unit) {
        return switch (unit) {
            case DAY -> DAY_SUFFIX.format(d);
            case MONTH -> MONTH_SUFFIX.format(d);
            case YEAR -> String.valueOf(d.getYear());
        };
    }

    private static LocalDate next(LocalDate d, TimeUnit unit) {
        return switch (unit) {
            case DAY -> d.plusDays(1);
            case MONTH -> d.plusMonths(1);
            case YEAR -> d.plusYears(1);
        };
    }

    /** The period written back in the unit's form, for messages. */
    static String format(Period p, TimeUnit unit) {
        return switch (unit) {
            case DAY -> p.first() + ".." + p.last();
            case MONTH -> YearMonth.from(p.first()) + ".." + YearMonth.from(p.last());
            case YEAR -> p.first().getYear() + ".." + p.last().getYear();
        };
    }
}
