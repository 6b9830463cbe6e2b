package io.shardgate.router.merge;

import java.util.HashMap;
import java.util.Map;

/**
 * Collation id (as sent in a column definition) -> how the merge compares strings of that column.
 *
 * <p>One table, so the approximations are visible in one place:
 * <ul>
 *   <li>{@link Family#BINARY}: code point order, which is UTF-8 byte order ({@code *_bin}, {@code binary}).
 *   <li>{@link Family#GENERAL_CI}: MySQL's exact {@code *_general_ci} weights (one 16-bit weight per BMP
 *       character, supplementary characters all weigh U+FFFD), from {@code general_ci.weights}.
 *   <li>{@link Family#LATIN1_SWEDISH_CI}: the exact 256-entry latin1_swedish_ci table (Å Ä Ö sort after Z).
 *   <li>{@code UCA_*}: the UCA collations ({@code *_unicode_ci}, {@code *_unicode_520_ci}, MySQL's
 *       {@code *_0900_*}, MariaDB's {@code *_uca1400_*}) approximated by {@link UcaApproximation} at one
 *       level (accent- and case-insensitive), two (accent-sensitive) or three (also case-sensitive).
 *       Letters, digits, accents, case and ASCII punctuation agree with MariaDB on the tested strings;
 *       rarer symbols, scripts and contractions may not, and language tailorings ({@code _swedish_ci},
 *       {@code _de_pb_0900_ai_ci} ...) are treated as the root collation. The streaming primitives do not
 *       rely on adjacency under these collations (see the plan's {@code Aggregate} and {@code Distinct}
 *       nodes).
 * </ul>
 * Other single-byte {@code _ci} collations (latin1_general_ci, cp1251_general_ci ...) use the general_ci
 * weights, a close approximation for Latin letters. An unknown id falls back to utf8mb4_general_ci, the
 * most common result collation.
 *
 * <p>PAD SPACE (all collations except MySQL's 0900 family, MariaDB's {@code nopad} ones and
 * {@code binary}): a shorter string compares as if padded with spaces, so {@code 'a' = 'a  '}.
 *
 * <p>Caveat the proxy must know: MariaDB (10.11 measured) sends the <em>result</em> charset's default
 * collation in column definitions, not the column's own: a utf8mb4_unicode_ci or utf8mb4_bin column
 * arrives as 45 (utf8mb4_general_ci); {@code _bin} columns carry the BINARY flag, which
 * {@link ValueOrder} honours.
 */
public final class Collations {

    /** How strings of a collation compare. */
    public enum Family {
        BINARY, GENERAL_CI, LATIN1_SWEDISH_CI,
        /** accent- and case-insensitive UCA 4.0/5.2 (unicode_ci, unicode_520_ci). */
        UCA_LEGACY_PRIMARY,
        /** accent- and case-insensitive UCA 9.0/14.0 (0900_ai_ci, uca1400_ai_ci). */
        UCA_PRIMARY,
        /** accent-sensitive, case-insensitive UCA (as_ci). */
        UCA_SECONDARY,
        /** accent- and case-sensitive UCA (as_cs; ai_cs approximated here). */
        UCA_TERTIARY
    }

    /** One collation: its id and name as MySQL/MariaDB number them, comparison family and pad attribute. */
    public record Collation(int id, String name, Family family, boolean padSpace) {
    }

    /** The collation of {@code binary} strings (VARBINARY, BLOB): bytewise, no padding. */
    public static final int BINARY_ID = 63;

    private static final Map<Integer, Collation> BY_ID = new HashMap<>();

    static {
        // latin1 (MySQL's latin1 is cp1252)
        add(5, "latin1_german1_ci", Family.GENERAL_CI, true);
        add(8, "latin1_swedish_ci", Family.LATIN1_SWEDISH_CI, true);
        add(15, "latin1_danish_ci", Family.GENERAL_CI, true);
        add(31, "latin1_german2_ci", Family.GENERAL_CI, true);
        add(47, "latin1_bin", Family.BINARY, true);
        add(48, "latin1_general_ci", Family.GENERAL_CI, true);
        add(49, "latin1_general_cs", Family.UCA_TERTIARY, true);
        add(94, "latin1_spanish_ci", Family.GENERAL_CI, true);
        add(1032, "latin1_swedish_nopad_ci", Family.LATIN1_SWEDISH_CI, false);
        add(1071, "latin1_nopad_bin", Family.BINARY, false);
        // ascii
        add(11, "ascii_general_ci", Family.GENERAL_CI, true);
        add(65, "ascii_bin", Family.BINARY, true);
        add(1035, "ascii_general_nopad_ci", Family.GENERAL_CI, false);
        add(1089, "ascii_nopad_bin", Family.BINARY, false);
        // utf8mb3 (alias utf8 before MySQL 8.0.30)
        add(33, "utf8mb3_general_ci", Family.GENERAL_CI, true);
        add(83, "utf8mb3_bin", Family.BINARY, true);
        add(192, "utf8mb3_unicode_ci", Family.UCA_LEGACY_PRIMARY, true);
        add(214, "utf8mb3_unicode_520_ci", Family.UCA_LEGACY_PRIMARY, true);
        add(223, "utf8mb3_general_mysql500_ci", Family.GENERAL_CI, true);
        add(1057, "utf8mb3_general_nopad_ci", Family.GENERAL_CI, false);
        add(1107, "utf8mb3_nopad_bin", Family.BINARY, false);
        add(1216, "utf8mb3_unicode_nopad_ci", Family.UCA_LEGACY_PRIMARY, false);
        add(1238, "utf8mb3_unicode_520_nopad_ci", Family.UCA_LEGACY_PRIMARY, false);
        // utf8mb4
        add(45, "utf8mb4_general_ci", Family.GENERAL_CI, true);
        add(46, "utf8mb4_bin", Family.BINARY, true);
        add(224, "utf8mb4_unicode_ci", Family.UCA_LEGACY_PRIMARY, true);
        add(246, "utf8mb4_unicode_520_ci", Family.UCA_LEGACY_PRIMARY, true);
        add(1069, "utf8mb4_general_nopad_ci", Family.GENERAL_CI, false);
        add(1070, "utf8mb4_nopad_bin", Family.BINARY, false);
        add(1248, "utf8mb4_unicode_nopad_ci", Family.UCA_LEGACY_PRIMARY, false);
        add(1270, "utf8mb4_unicode_520_nopad_ci", Family.UCA_LEGACY_PRIMARY, false);
        // MySQL 8 UCA 9.0.0 collations: all NO PAD
        add(255, "utf8mb4_0900_ai_ci", Family.UCA_PRIMARY, false);
        add(278, "utf8mb4_0900_as_cs", Family.UCA_TERTIARY, false);
        add(305, "utf8mb4_0900_as_ci", Family.UCA_SECONDARY, false);
        add(309, "utf8mb4_0900_bin", Family.BINARY, false);
        // language tailorings of the 0900 family: 256-277 ai_ci, 279-304/307/308 as_cs, 306 ru ai_ci,
        // 310-323 alternate ai_ci (even) / as_cs (odd); treated as root (see class comment)
        for (int id = 256; id <= 277; id++) {
            add(id, "utf8mb4_xx_0900_ai_ci", Family.UCA_PRIMARY, false);
        }
        for (int id = 279; id <= 308; id++) {
            if (id != 305) {
                add(id, id == 306 ? "utf8mb4_ru_0900_ai_ci" : "utf8mb4_xx_0900_as_cs",
                        id == 306 ? Family.UCA_PRIMARY : Family.UCA_TERTIARY, false);
            }
        }
        for (int id = 310; id <= 323; id++) {
            boolean ai = id % 2 == 0;
            add(id, ai ? "utf8mb4_xx_0900_ai_ci" : "utf8mb4_xx_0900_as_cs",
                    ai ? Family.UCA_PRIMARY : Family.UCA_TERTIARY, false);
        }
        // MariaDB 10.10+ UCA 14.0.0: ids 2048 + 256 * charset + variant; variants 0-7 are
        // ai_ci, ai_cs, as_ci, as_cs, then the same four NO PAD (language tailorings follow, as root)
        addUca1400(2048, "utf8mb3");
        addUca1400(2304, "utf8mb4");
        // 16- and 32-bit Unicode charsets
        add(35, "ucs2_general_ci", Family.GENERAL_CI, true);
        add(90, "ucs2_bin", Family.BINARY, true);
        add(54, "utf16_general_ci", Family.GENERAL_CI, true);
        add(55, "utf16_bin", Family.BINARY, true);
        add(56, "utf16le_general_ci", Family.GENERAL_CI, true);
        add(62, "utf16le_bin", Family.BINARY, true);
        add(60, "utf32_general_ci", Family.GENERAL_CI, true);
        add(61, "utf32_bin", Family.BINARY, true);
        add(101, "utf16_unicode_ci", Family.UCA_LEGACY_PRIMARY, true);
        add(128, "ucs2_unicode_ci", Family.UCA_LEGACY_PRIMARY, true);
        add(160, "utf32_unicode_ci", Family.UCA_LEGACY_PRIMARY, true);
        // the binary pseudo-charset
        add(BINARY_ID, "binary", Family.BINARY, false);
    }

    private static final Collation FALLBACK = BY_ID.get(45);

    private Collations() {
    }

    /** The collation for an id; an unknown id is treated as utf8mb4_general_ci (see class comment). */
    public static Collation byId(int id) {
        Collation c = BY_ID.get(id);
        return c != null ? c : FALLBACK;
    }

    /** Whether the id is in the table (an unknown one compares as utf8mb4_general_ci). */
    public static boolean isKnown(int id) {
        return BY_ID.containsKey(id);
    }

    private static void addUca1400(int base, String charset) {
        String[] variants = {"ai_ci", "ai_cs", "as_ci", "as_cs"};
        Family[] families = {Family.UCA_PRIMARY, Family.UCA_TERTIARY, Family.UCA_SECONDARY, Family.UCA_TERTIARY};
        for (int tailoring = 0; tailoring < 32; tailoring++) {
            for (int v = 0; v < 8; v++) {
                int id = base + tailoring * 8 + v;
                boolean pad = v < 4;
                String name = charset + "_uca1400_" + (tailoring == 0 ? "" : "xx_") + (pad ? "" : "nopad_")
                        + variants[v % 4];
                add(id, name, families[v % 4], pad);
            }
        }
    }

    private static void add(int id, String name, Family family, boolean padSpace) {
        BY_ID.put(id, new Collation(id, name, family, padSpace));
    }
}
