package io.shardgate.proxy.protocol.auth;

import java.util.Random;

/**
 * The 20-byte scramble a server sends in its handshake. Bytes are printable ASCII without NUL
 * (the handshake NUL-terminates the seed) and without '$' (MySQL avoids it because it delimits
 * fields in stored caching_sha2 hashes); clients treat the seed as opaque either way.
 */
public final class AuthSeed {

    public static final int LENGTH = 20;

    private AuthSeed() {
    }

    /** @param random pass a {@link java.security.SecureRandom}: a predictable seed allows replay */
    public static byte[] generate(Random random) {
        byte[] seed = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            int b;
            do {
                b = 0x21 + random.nextInt(0x7F - 0x21);
            } while (b == '$');
            seed[i] = (byte) b;
        }
        return seed;
    }
}
