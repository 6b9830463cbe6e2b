package io.shardgate.proxy.protocol;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Collation ids as sent in the handshake and in column definitions. Only the ones the proxy
 * meets or chooses; the full list lives in information_schema.COLLATIONS.
 */
public final class CharsetId {

    public static final int LATIN1_SWEDISH_CI = 8;
    public static final int UTF8MB3_GENERAL_CI = 33;
    public static final int UTF8MB4_GENERAL_CI = 45;
    public static final int UTF8MB4_BIN = 46;
    public static final int BINARY = 63;
    public static final int UTF8MB3_BIN = 83;
    public static final int UTF8MB4_UNICODE_CI = 224;
    public static final int UTF8MB4_0900_AI_CI = 255;

    private CharsetId() {
    }

    /**
     * The Java charset for decoding text in this collation. Unknown ids fall back to UTF-8,
     * which is right for every utf8mb3/utf8mb4 collation and what the proxy negotiates.
     * Binary (63) also maps to ISO-8859-1 so every byte survives a String round trip.
     */
    public static Charset javaCharset(int collationId) {
        return switch (collationId) {
            case 5, LATIN1_SWEDISH_CI, 15, 31, 47, 48, 49, 94 -> Charset.forName("windows-1252");
            case BINARY -> StandardCharsets.ISO_8859_1;
            default -> StandardCharsets.UTF_8;
        };
    }
}
