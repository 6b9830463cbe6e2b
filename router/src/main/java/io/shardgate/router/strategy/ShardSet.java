package io.shardgate.router.strategy;

import java.util.BitSet;
import java.util.stream.IntStream;

/**
 * An immutable set of shard indexes. AND of two conditions intersects, OR unions.
 */
public final class ShardSet {

    private final BitSet bits;
    private final int shardCount;

    private ShardSet(BitSet bits, int shardCount) {
        this.bits = bits;
        this.shardCount = shardCount;
    }

    public static ShardSet all(int shardCount) {
        BitSet b = new BitSet(shardCount);
        b.set(0, shardCount);
        return new ShardSet(b, shardCount);
    }

    public static ShardSet none(int shardCount) {
        return new ShardSet(new BitSet(shardCount), shardCount);
    }

    public static ShardSet of(int shardCount, int... shards) {
        BitSet b = new BitSet(shardCount);
        for (int s : shards) {
            if (s < 0 || s >= shardCount) {
                throw new IllegalArgumentException("shard " + s + " outside 0.." + (shardCount - 1));
            }
            b.set(s);
        }
        return new ShardSet(b, shardCount);
    }

    /** Shards from {@code first} to {@code last}, both included. */
    public static ShardSet between(int shardCount, int first, int last) {
        BitSet b = new BitSet(shardCount);
        if (first <= last) {
            b.set(Math.max(0, first), Math.min(shardCount, last + 1));
        }
        return new ShardSet(b, shardCount);
    }

    public ShardSet and(ShardSet other) {
        BitSet b = (BitSet) bits.clone();
        b.and(other.bits);
        return new ShardSet(b, shardCount);
    }

    public ShardSet or(ShardSet other) {
        BitSet b = (BitSet) bits.clone();
        b.or(other.bits);
        return new ShardSet(b, shardCount);
    }

    public boolean contains(int shard) {
        return bits.get(shard);
    }

    public boolean isEmpty() {
        return bits.isEmpty();
    }

    public boolean isAll() {
        return bits.cardinality() == shardCount;
    }

    public int size() {
        return bits.cardinality();
    }

    public int shardCount() {
        return shardCount;
    }

    public IntStream stream() {
        return bits.stream();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardSet s && s.shardCount == shardCount && s.bits.equals(bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode() * 31 + shardCount;
    }

    @Override
    public String toString() {
        return bits.toString();
    }
}
