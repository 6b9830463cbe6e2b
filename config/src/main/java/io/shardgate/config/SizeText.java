package io.shardgate.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as written in the config: a whole number of bytes ({@code 1048576}, {@code 1_048_576}) or a
 * number and a unit, {@code K}, {@code M} or {@code G} with an optional {@code B} or {@code iB}
 * ({@code 64M}, {@code 64MiB}, {@code 16KB}). Units are powers of 1024 whichever spelling, as in MySQL's
 * {@code my.cnf}, so {@code max-packet: 64M} means what {@code max_allowed_packet=64M} means there.
 */
final class SizeText {

    private static final Pattern SIZE = Pattern.compile("(\\d[\\d_]*)\\s*(?:([KMG])(?:I?B)?|B)?");

    private SizeText() {
    }

    /** @throws IllegalArgumentException with a message that shows the accepted form */
    static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 65536, 64K, 16M, 1G)");
        }
        int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            default -> 30;
        };
        try {
            long amount = Long.parseLong(m.group(1).replace("_", ""));
            if (amount > Long.MAX_VALUE >> shift) {
                throw new NumberFormatException();
            }
            return amount << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
    }

    /** The shortest exact form {@link #parse} reads back ({@code 64M}, {@code 1536K}, {@code 100}), for messages. */
    static String format(long bytes) {
        if (bytes != 0 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "G";
        } else if (bytes != 0 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "M";
        } else if (bytes != 0 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "K";
        }
        return Long.toString(bytes);
    }
}
