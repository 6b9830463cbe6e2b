package io.shardgate.router.strategy;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3 x86_32 (Austin Appleby's public-domain algorithm), written out here so the hash that decides
 * where rows live can never change with a library upgrade. {@code Murmur3Test} pins published vectors.
 *
 * <p>Shard placement depends on this exact function: changing it moves every string-keyed row.
 */
public final class Murmur3 {

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Murmur3() {
    }

    /** The hash of the UTF-8 bytes of {@code text}, seed 0. */
    public static int hash(String text) {
        return hash32(text.getBytes(StandardCharsets.UTF_8), 0);
    }

    public static int hash32(byte[] data, int seed) {
        int h = seed;
        int len = data.length;
        int blocks = len >>> 2;
        for (int i = 0; i < blocks; i++) {
            int j = i << 2;
            int k = (data[j] & 0xff) | (data[j + 1] & 0xff) << 8 | (data[j + 2] & 0xff) << 16 | data[j + 3] << 24;
            h ^= mixK(k);
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int tail = blocks << 2;
        int rest = len & 3;
        if (rest > 0) {
            int k = data[tail] & 0xff;
            if (rest > 1) {
                k |= (data[tail + 1] & 0xff) << 8;
            }
            if (rest > 2) {
                k |= (data[tail + 2] & 0xff) << 16;
            }
            h ^= mixK(k);
        }
        h ^= len;
        return fmix(h);
    }

    private static int mixK(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }

    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
