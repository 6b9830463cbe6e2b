package io.shardgate.router.strategy;

import io.shardgate.config.StrategyParams;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code range}: shard i holds keys in {@code [boundaries[i], boundaries[i+1])}; with {@code range-size} the
 * boundaries are {@code 0, size, 2*size, ..., shardCount*size}. Keys are numbers (or strings that are
 * numbers, see {@link KeyValues}); decimals fall into the range containing them. SQL NULL lives on shard 0.
 *
 * <p>Range pruning returns the contiguous shards whose ranges intersect the condition. The key column may be
 * DECIMAL, so a bound is treated as a point on a continuous line: {@code k > 99} with a boundary at 100 still
 * includes the shard of 99 (it could hold 99.5); {@code k < 100} excludes the shard starting at 100.
 */
public final class RangeStrategy implements ShardStrategy {

    private final String column;
    /** One more than shards; strictly increasing. */
    private final long[] boundaries;
    private final int shardCount;

    public RangeStrategy(String column, List<Long> boundaries) {
        if (boundaries.size() < 2) {
            throw new IllegalArgumentException("range strategy on " + column + " needs at least two boundaries");
        }
        this.column = column;
        this.boundaries = boundaries.stream().mapToLong(Long::longValue).toArray();
        for (int i = 1; i < this.boundaries.length; i++) {
            if (this.boundaries[i] <= this.boundaries[i - 1]) {
                throw new IllegalArgumentException("range boundaries of " + column + " must increase: " + boundaries);
            }
        }
        this.shardCount = this.boundaries.length - 1;
    }

    /** From config: explicit {@code boundaries}, or {@code range-size} times {@code shardCount}. */
    public static RangeStrategy of(String column, StrategyParams.Range params, int shardCount) {
        if (!params.boundaries().isEmpty()) {
            if (params.boundaries().size() != shardCount + 1) {
                throw new IllegalArgumentException("range strategy on " + column + ": " + params.boundaries().size()
                        + " boundaries for " + shardCount + " shards (need " + (shardCount + 1) + ")");
            }
            return new RangeStrategy(column, params.boundaries());
        }
        if (params.rangeSize() == null || params.rangeSize() <= 0) {
            throw new IllegalArgumentException("range strategy on " + column + " needs range-size > 0 or boundaries");
        }
        List<Long> bounds = new ArrayList<>(shardCount + 1);
        for (int i = 0; i <= shardCount; i++) {
            bounds.add(Math.multiplyExact(params.rangeSize(), (long) i));
        }
        return new RangeStrategy(column, bounds);
    }

    @Override
    public int shardOf(Object value) {
        if (value == null) {
            return 0;
        }
        int shard;
        if (value instanceof Long l) {
            shard = countAtMost(l) - 1;
        } else {
            BigDecimal number = KeyValues.decimalOf(value);
            if (number == null) {
                throw new NoShardException("no shard for " + column + " = " + KeyValues.display(value)
                        + ": the range strategy needs a number");
            }
            shard = countAtMost(number) - 1;
        }
        if (shard < 0 || shard >= shardCount) {
            throw new NoShardException("no shard for " + column + " = " + KeyValues.display(value)
                    + ": outside [" + boundaries[0] + ", " + boundaries[shardCount] + ")");
        }
        return shard;
    }

    @Override
    public ShardSet shardsFor(Bound lower, Bound upper) {
        int first = 0;
        int last = shardCount - 1;
        if (lower != null && lower.value() != null) {
            BigDecimal v = KeyValues.decimalOf(lower.value());
            if (v == null) {
                return ShardSet.all(shardCount);
            }
            // k >= v and k > v start in the same shard: the keys just above v share v's range
            first = Math.max(0, countAtMost(v) - 1);
        }
        if (upper != null && upper.value() != null) {
            BigDecimal v = KeyValues.decimalOf(upper.value());
            if (v == null) {
                return ShardSet.all(shardCount);
            }
            // k < v never reaches the shard that starts exactly at v
            last = Math.min(last, (upper.inclusive() ? countAtMost(v) : countBelow(v)) - 1);
        }
        return first > last ? ShardSet.none(shardCount) : ShardSet.between(shardCount, first, last);
    }

    /** Number of boundaries {@code <= v}. */
    private int countAtMost(long v) {
        int lo = 0;
        int hi = boundaries.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (boundaries[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int countAtMost(BigDecimal v) {
        // Boundaries are integers, so b <= v exactly when b <= floor(v)
        return countAtMost(clampedFloor(v));
    }

    /** Number of boundaries {@code < v}. */
    private int countBelow(BigDecimal v) {
        BigDecimal ceiling = v.setScale(0, java.math.RoundingMode.CEILING);
        // b < v  <=>  b < ceil(v)  <=>  b <= ceil(v) - 1, for integer b
        BigInteger c = ceiling.toBigInteger().subtract(BigInteger.ONE);
        return countAtMost(clamp(c));
    }

    private static long clampedFloor(BigDecimal v) {
        return clamp(v.setScale(0, java.math.RoundingMode.FLOOR).toBigInteger());
    }

    /** Values beyond the long range compare like the extreme longs against long boundaries. */
    private static long clamp(BigInteger v) {
        if (v.bitLength() < 64) {
            return v.longValue();
        }
        return v.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    @Override
    public int shardCount() {
        return shardCount;
    }

    /** The boundaries, one more than shards: shard i holds {@code [b[i], b[i+1])}. */
    public List<Long> boundaries() {
        return Arrays.stream(boundaries).boxed().toList();
    }

    @Override
    public String toString() {
        return "range(" + column + ", " + java.util.Arrays.toString(boundaries) + ")";
    }
}
