package io.shardgate.router.strategy;

import java.math.BigInteger;

/**
 * {@code hash-mod}: integers go to {@code floorMod(value, shardCount)}, every other value to
 * {@code unsigned(Murmur3(canonical text)) mod shardCount}.
 *
 * <p>"Integer" follows {@link KeyValues}: {@code 42}, {@code 42.0} and the strings {@code '42'}, {@code ' 42'}
 * all route like 42, because MySQL compares them as equal to an INT column holding 42. Strings are hashed
 * lower-cased and right-trimmed, because MySQL's default collations ignore case and trailing spaces:
 * {@code WHERE email = 'A@x'} must find the row stored as {@code 'a@x'}. Non-integral numbers hash their
 * canonical decimal text ({@code 4.50} as {@code "4.5"}). SQL NULL lives on shard 0.
 *
 * <p>Ranges cannot be pruned: {@link #shardsFor} is every shard.
 */
public final class HashModStrategy implements ShardStrategy {

    private final int shardCount;
    private final BigInteger bigShardCount;

    public HashModStrategy(int shardCount) {
        if (shardCount < 1) {
            throw new IllegalArgumentException("hash-mod needs at least one shard, got " + shardCount);
        }
        this.shardCount = shardCount;
        this.bigShardCount = BigInteger.valueOf(shardCount);
    }

    @Override
    public int shardOf(Object value) {
        if (value instanceof Long l) {
            return (int) Math.floorMod(l, (long) shardCount);
        }
        if (value == null) {
            return 0;
        }
        BigInteger integer = KeyValues.integerOf(value);
        if (integer != null) {
            return integer.mod(bigShardCount).intValue();
        }
        return hashed(KeyValues.canonical(value), shardCount);
    }

    /** {@code unsigned(Murmur3(text)) mod shardCount}: the placement of any non-integer key. */
    static int hashed(String canonicalText, int shardCount) {
        return (int) (Integer.toUnsignedLong(Murmur3.hash(canonicalText)) % shardCount);
    }

    @Override
    public ShardSet shardsFor(Bound lower, Bound upper) {
        return ShardSet.all(shardCount);
    }

    @Override
    public int shardCount() {
        return shardCount;
    }

    @Override
    public String toString() {
        return "hash-mod(" + shardCount + ")";
    }
}
