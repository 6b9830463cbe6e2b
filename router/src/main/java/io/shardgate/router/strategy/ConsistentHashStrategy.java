package io.shardgate.router.strategy;

import java.util.Arrays;

/**
 * {@code consistent-hash}: a ring of 2^32 positions. Shard i owns {@code virtual-nodes} points at
 * {@code unsigned(Murmur3("shard-<i>#<v>"))} for v = 0 .. virtualNodes-1; a key goes to the first point at
 * or clockwise after {@code unsigned(Murmur3(canonical key))} (see {@link KeyValues#canonical}: {@code 42}
 * and {@code '42'} hash alike, strings ignore case and trailing spaces), wrapping past the top.
 * Two points at one position are ordered by shard index. SQL NULL lives on shard 0.
 *
 * <p>Because a shard's points depend only on its own index, growing from N to N+1 shards only moves the
 * keys that the new shard's points capture: about 1/(N+1) of them. Ranges cannot be pruned.
 */
public final class ConsistentHashStrategy implements ShardStrategy {

    private final int shardCount;
    private final int virtualNodes;
    /** Ring positions as unsigned values in longs, ascending; {@code owners[i]} owns {@code points[i]}. */
    private final long[] points;
    private final int[] owners;

    public ConsistentHashStrategy(int shardCount, int virtualNodes) {
        if (shardCount < 1 || virtualNodes < 1) {
            throw new IllegalArgumentException("consistent-hash needs at least one shard and one virtual node, got "
                    + shardCount + " shards and " + virtualNodes + " virtual nodes");
        }
        if (shardCount > 0xFFFFF) {
            throw new IllegalArgumentException("consistent-hash supports at most " + 0xFFFFF + " shards");
        }
        long size = (long) shardCount * virtualNodes;
        if (size > 10_000_000) {
            throw new IllegalArgumentException("consistent-hash ring of " + size + " points is too large");
        }
        this.shardCount = shardCount;
        this.virtualNodes = virtualNodes;
        // pack (position << 20 | shard) so one sort orders by position, then shard
        long[] packed = new long[(int) size];
        int n = 0;
        for (int shard = 0; shard < shardCount; shard++) {
            for (int v = 0; v < virtualNodes; v++) {
                long position = Integer.toUnsignedLong(Murmur3.hash("shard-" + shard + "#" + v));
                packed[n++] = position << 20 | shard;
            }
        }
        Arrays.sort(packed);
        this.points = new long[packed.length];
        this.owners = new int[packed.length];
        for (int i = 0; i < packed.length; i++) {
            points[i] = packed[i] >>> 20;
            owners[i] = (int) (packed[i] & 0xFFFFF);
        }
    }

    @Override
    public int shardOf(Object value) {
        if (value == null) {
            return 0;
        }
        return ownerOf(Integer.toUnsignedLong(Murmur3.hash(KeyValues.canonical(value))));
    }

    /** The shard owning ring position {@code position} (0 .. 2^32-1): the owner of the first point at or after it. */
    public int ownerOf(long position) {
        int i = Arrays.binarySearch(points, position);
        if (i < 0) {
            i = -i - 1;
        } else {
            while (i > 0 && points[i - 1] == position) {
                i--;
            }
        }
        return owners[i == points.length ? 0 : i];
    }

    @Override
    public ShardSet shardsFor(Bound lower, Bound upper) {
        return ShardSet.all(shardCount);
    }

    @Override
    public int shardCount() {
        return shardCount;
    }

    public int virtualNodes() {
        return virtualNodes;
    }

    /**
     * Every point's ring position, ascending (a position two shards share appears twice): with {@link #ownerOf},
     * what a layout comparison needs to tell which arcs of the ring change owner. A copy.
     */
    public long[] ringPositions() {
        return points.clone();
    }

    @Override
    public String toString() {
        return "consistent-hash(" + shardCount + " shards x " + virtualNodes + " points)";
    }
}
