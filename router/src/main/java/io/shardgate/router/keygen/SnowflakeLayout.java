package io.shardgate.router.keygen;

import java.time.Instant;
import java.util.Locale;

/**
 * How a snowflake id's bits are shared between time, worker and sequence. Both layouts count milliseconds
 * from {@link SnowflakeGenerator#EPOCH} in 41 bits (until 2093); they differ in how many proxies and ids per
 * millisecond they have room for:
 *
 * <pre>
 *  STANDARD (64-bit):  0 | 41 bits ms | 10 bits worker | 12 bits sequence   -> ids up to 2^63 - 1
 *  JS_SAFE:           11 zero bits | 41 bits ms | 5 bits worker | 7 bits sequence -> ids up to 2^53 - 1
 * </pre>
 *
 * JS_SAFE ids are exact as JavaScript numbers ({@code Number.MAX_SAFE_INTEGER} is 2^53 - 1), so ORMs that
 * compute {@code insertId + i} or keep ids as numbers (Sequelize, mysql2 without {@code supportBigNumbers})
 * get them right; the price is 32 workers instead of 1024 and 128 ids per millisecond per proxy instead of
 * 4096.
 *
 * @param rotationBits width of the rotating start of each millisecond's sequence (see
 *     {@link SnowflakeGenerator}): ids made at low rate then spread evenly over {@code id mod 2^rotationBits}
 */
public record SnowflakeLayout(String name, int timestampBits, int workerBits, int sequenceBits, int rotationBits) {

    public static final SnowflakeLayout STANDARD = new SnowflakeLayout("64-bit", 41, 10, 12, 8);
    public static final SnowflakeLayout JS_SAFE = new SnowflakeLayout("js-safe", 41, 5, 7, 5);

    public SnowflakeLayout {
        if (timestampBits + workerBits + sequenceBits > 63 || rotationBits >= sequenceBits) {
            throw new IllegalArgumentException("layout " + name + " does not fit a signed long");
        }
    }

    /** The layout of a config name ({@code 64-bit}, {@code js-safe}), any case. */
    public static SnowflakeLayout named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "64-bit" -> STANDARD;
            case "js-safe" -> JS_SAFE;
            default -> throw new IllegalArgumentException("unknown id layout '" + name + "'");
        };
    }

    public int maxWorkerId() {
        return (1 << workerBits) - 1;
    }

    public int maxSequence() {
        return (1 << sequenceBits) - 1;
    }

    public long maxTimestamp() {
        return (1L << timestampBits) - 1;
    }

    /** The largest id the layout can produce. */
    public long maxId() {
        return compose(maxTimestamp(), maxWorkerId(), maxSequence());
    }

    int timestampShift() {
        return workerBits + sequenceBits;
    }

    long compose(long millisSinceEpoch, int workerId, long sequence) {
        return millisSinceEpoch << timestampShift() | (long) workerId << sequenceBits | sequence;
    }

    /** When {@code id} was generated. */
    public Instant timestampOf(long id) {
        return SnowflakeGenerator.EPOCH.plusMillis(id >>> timestampShift());
    }

    public int workerOf(long id) {
        return (int) (id >>> sequenceBits) & maxWorkerId();
    }

    public int sequenceOf(long id) {
        return (int) id & maxSequence();
    }

    @Override
    public String toString() {
        return name;
    }
}
