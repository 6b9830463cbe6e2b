package io.shardgate.router.merge;

import java.util.Arrays;
import java.util.HexFormat;

/** A byte array with value equality, so binary strings and collation keys can be hash keys. */
record BytesKey(byte[] bytes) {

    @Override
    public boolean equals(Object o) {
        return o instanceof BytesKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
