package io.shardgate.router.strategy;

import io.shardgate.config.StrategyParams;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * {@code time}: one shard per day, month or year of each node's period; shard index = position of the
 * value's unit in all periods' units, in node order (see {@link TimeLayout}).
 *
 * <p>Accepted values: {@link LocalDate}, {@link LocalDateTime}; {@link Instant}, {@link OffsetDateTime} and
 * {@link ZonedDateTime} (moved to the configured zone); strings in the forms of {@link DateTimeText}
 * ({@code '2024-01-15'}, {@code '2024-01-15 10:30:00.123456'}, {@code '20240115'},
 * {@code '20240115103000'}); integers, and all-digit strings of other lengths, as <b>unix seconds</b>
 * interpreted in the configured zone (a fraction is rounded down). Note that MySQL reads the integer literal
 * {@code 20240115} as a date against a DATE column; here it is a unix time, so write dates as strings.
 * SQL NULL lives on shard 0.
 *
 * <p>Ranges prune to the units they touch: a range reaching outside the periods is clipped, one entirely
 * outside them gives an empty set. An exclusive upper bound exactly at the start of a unit
 * ({@code < '2024-02-01'}) does not include that unit.
 */
public final class TimeStrategy implements ShardStrategy {

    private final String column;
    private final TimeLayout layout;
    private final ZoneId zone;

    public TimeStrategy(String column, StrategyParams.Time params, ZoneId zone) {
        this.column = column;
        this.layout = TimeLayout.of(params);
        this.zone = zone;
    }

    @Override
    public int shardOf(Object value) {
        if (value == null) {
            return 0;
        }
        LocalDateTime time = read(value);
        if (time == null) {
            throw new NoShardException("no shard for " + column + " = " + KeyValues.display(value)
                    + ": not a date, datetime or unix time");
        }
        int shard = layout.shardOfUnit(layout.unitOf(time.toLocalDate()));
        if (shard < 0) {
            throw new NoShardException("no shard for " + column + " = " + KeyValues.display(value));
        }
        return shard;
    }

    @Override
    public ShardSet shardsFor(Bound lower, Bound upper) {
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        if (lower != null && lower.value() != null) {
            LocalDateTime t = read(lower.value());
            if (t == null) {
                return ShardSet.all(layout.shardCount());
            }
            from = layout.unitOf(t.toLocalDate());
        }
        if (upper != null && upper.value() != null) {
            LocalDateTime t = read(upper.value());
            if (t == null) {
                return ShardSet.all(layout.shardCount());
            }
            to = layout.unitOf(t.toLocalDate());
            if (!upper.inclusive() && t.equals(layout.startOf(to).atStartOfDay())) {
                to--;
            }
        }
        return from > to ? ShardSet.none(layout.shardCount()) : layout.shardsBetween(from, to);
    }

    /** The value as a local date-time in the configured zone, or null when it is no time at all. */
    LocalDateTime read(Object value) {
        return switch (value) {
            case LocalDate d -> d.atStartOfDay();
            case LocalDateTime t -> t;
            case Instant i -> LocalDateTime.ofInstant(i, zone);
            case OffsetDateTime o -> LocalDateTime.ofInstant(o.toInstant(), zone);
            case ZonedDateTime z -> LocalDateTime.ofInstant(z.toInstant(), zone);
            case String s -> DateTimeText.allDigits(s) && s.strip().length() != 8 && s.strip().length() != 14
                    ? fromUnixSeconds(KeyValues.decimalOf(s))
                    : DateTimeText.parse(s);
            default -> fromUnixSeconds(KeyValues.decimalOf(value));
        };
    }

    private LocalDateTime fromUnixSeconds(BigDecimal seconds) {
        if (seconds == null) {
            return null;
        }
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        // Instant covers years -1e9..1e9; anything further is no date a period could hold
        if (whole.abs().compareTo(BigDecimal.valueOf(31_556_889_864_403_199L)) > 0) {
            return null;
        }
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(whole.longValueExact()), zone);
    }

    /** The layout shared with the topology: shard -> node period and table suffix. */
    public TimeLayout layout() {
        return layout;
    }

    @Override
    public int shardCount() {
        return layout.shardCount();
    }

    @Override
    public String toString() {
        return "time(" + column + ", " + layout.unit().name().toLowerCase(java.util.Locale.ROOT) + ", "
                + layout.shardCount() + " shards, " + zone + ")";
    }
}
