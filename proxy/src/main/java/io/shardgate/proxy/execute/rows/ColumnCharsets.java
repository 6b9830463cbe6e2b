package io.shardgate.proxy.execute.rows;

import io.shardgate.router.merge.Collations;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Which Java charset decodes the text of a result column, given the collation id of its definition.
 *
 * <p>Why not {@code CharsetId.javaCharset}: that one falls back to UTF-8 for every id it does not know,
 * which is right for SQL text the proxy sends but would silently corrupt a gbk or cp1251 value on its way
 * through a merge. Here an id whose charset is not known answers null, and the row decoder keeps such
 * values as {@code byte[]}: compared bytewise, written back to the client unchanged.
 *
 * <p>MySQL's {@code latin1} is Windows-1252 except for five bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) that
 * Java's charset does not map; the decoder reports those as unmappable and keeps that value as bytes too.
 */
public final class ColumnCharsets {

    private ColumnCharsets() {
    }

    /** The charset of text in this collation, or null when its bytes must be kept as they are. */
    public static Charset forCollation(int collationId) {
        if (collationId == Collations.BINARY_ID || !Collations.isKnown(collationId)) {
            return null;
        }
        return switch (charsetName(collationId)) {
            case "utf8mb4", "utf8mb3", "utf8" -> StandardCharsets.UTF_8;
            case "latin1" -> Charset.forName("windows-1252");
            case "ascii" -> StandardCharsets.US_ASCII;
            case "ucs2", "utf16" -> StandardCharsets.UTF_16BE;
            case "utf16le" -> StandardCharsets.UTF_16LE;
            case "utf32" -> Charset.forName("UTF-32BE");
            default -> null;
        };
    }

    /** Whether ASCII bytes mean ASCII characters in {@code charset} (false for the UTF-16/32 family). */
    static boolean asciiCompatible(Charset charset) {
        return charset == StandardCharsets.UTF_8 || charset == StandardCharsets.US_ASCII
                || charset.name().equals("windows-1252");
    }

    /**
     * Most bytes one character takes in this collation's charset (MySQL's {@code mbmaxlen}): column lengths
     * of text columns are characters times this. 1 for binary and unknown ids.
     */
    public static int maxBytesPerChar(int collationId) {
        if (!Collations.isKnown(collationId)) {
            return 1;
        }
        return switch (charsetName(collationId)) {
            case "utf8mb4", "utf16", "utf16le", "utf32" -> 4;
            case "utf8mb3", "utf8" -> 3;
            case "ucs2" -> 2;
            default -> 1;
        };
    }

    /** "utf8mb4" of "utf8mb4_general_ci": collation names start with their charset's name. */
    private static String charsetName(int collationId) {
        String name = Collations.byId(collationId).name().toLowerCase(Locale.ROOT);
        int underscore = name.indexOf('_');
        return underscore < 0 ? name : name.substring(0, underscore);
    }
}
