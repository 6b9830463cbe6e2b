package io.shardgate.router.merge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The exact weight tables of MySQL's table-driven collations, measured on the server (WEIGHT_STRING) so
 * the merge orders and groups strings as the shards did. Constant data, loaded once per JVM.
 */
final class CollationWeights {

    /** Weight of U+0020: what PAD SPACE collations pad with. */
    static final int SPACE = 0x20;

    private static final int REPLACEMENT = 0xFFFD;

    private static final char[] GENERAL_CI = loadGeneralCi();

    /**
     * latin1_swedish_ci weight per latin1 byte (MariaDB 10.11, WEIGHT_STRING over bytes 0..255): case folded,
     * accents dropped except Å (5B), Ä/Æ (5C) and Ö (5D), which sort after Z.
     */
    private static final byte[] LATIN1_SWEDISH = HexFormat.of().parseHex(
            "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"
                    + "202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F"
                    + "404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F"
                    + "604142434445464748494A4B4C4D4E4F505152535455565758595A7B7C7D7E7F"
                    + "808182838485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9F"
                    + "A0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF"
                    + "414141415C5B5C434545454549494949444E4F4F4F4F5DD7D85555555959DEDF"
                    + "414141415C5B5C434545454549494949444E4F4F4F4F5DF7D85555555959DEFF");

    /** MySQL's latin1 is cp1252: the characters stored in bytes 0x80..0x9F. */
    private static final String CP1252_HIGH =
            "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F"
                    + "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

    private CollationWeights() {
    }

    /** The *_general_ci weight of a code point; supplementary characters all weigh U+FFFD, as in MySQL. */
    static int generalCi(int codePoint) {
        return codePoint < GENERAL_CI.length ? GENERAL_CI[codePoint] : REPLACEMENT;
    }

    /** The latin1_swedish_ci weight; a character latin1 cannot hold was stored as '?' and weighs that. */
    static int latin1Swedish(int codePoint) {
        int b;
        if (codePoint < 0x80 || codePoint >= 0xA0 && codePoint <= 0xFF) {
            b = codePoint;
        } else {
            int i = CP1252_HIGH.indexOf(codePoint);
            b = i >= 0 ? 0x80 + i : '?';
        }
        return LATIN1_SWEDISH[b] & 0xFF;
    }

    private static char[] loadGeneralCi() {
        char[] table = new char[0x10000];
        for (int c = 0; c < table.length; c++) {
            table[c] = (char) c;
        }
        try (InputStream in = CollationWeights.class.getResourceAsStream("general_ci.weights")) {
            if (in == null) {
                throw new IllegalStateException("general_ci.weights missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isEmpty() || line.charAt(0) == '#') {
                    continue;
                }
                int space = line.indexOf(' ');
                table[Integer.parseInt(line, 0, space, 16)] = (char) Integer.parseInt(line, space + 1, line.length(), 16);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }
}
