package io.shardgate.proxy.protocol;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client's {@code character_set_client}: the MySQL name a backend connection is told with
 * {@code SET NAMES}, and the Java charset in which the proxy reads the client's SQL and writes the SQL it
 * sends for the client. The two must name the same encoding: a server that reads UTF-8 bytes as gbk can
 * take {@code 0xAD 0x5C} for one character and so lose the backslash of an escape, ending a string where
 * the proxy did not mean it to end.
 *
 * <p>Only charsets that MySQL allows as a client charset and that Java can encode are known here; for the
 * others ({@code dec8}, {@code hp8}, {@code swe7}, {@code armscii8}, {@code keybcs2}, {@code geostd8}, and
 * the UCS-2/UTF-16/UTF-32 family that no client may use) {@link #ofName} and {@link #ofCollation} answer
 * null and the proxy refuses the charset rather than guess.
 *
 * @param name the MySQL charset name ({@code utf8mb4}, {@code gbk} ...)
 * @param charset the Java charset of the same encoding
 */
public record ClientCharset(String name, Charset charset) {

    public static final ClientCharset UTF8MB4 = new ClientCharset("utf8mb4", StandardCharsets.UTF_8);

    private static final Map<String, String> JAVA_NAMES = new HashMap<>();
    private static final Map<Integer, String> COLLATION_CHARSETS = new HashMap<>();

    static {
        java("big5", "Big5", 1, 84);
        java("latin2", "ISO-8859-2", 2, 9, 21, 27, 77);
        java("cp850", "IBM850", 4, 80);
        java("latin1", "windows-1252", 5, 8, 15, 31, 47, 48, 49, 94);
        java("koi8r", "KOI8-R", 7, 74);
        java("ascii", "US-ASCII", 11, 65);
        java("ujis", "EUC-JP", 12, 91);
        java("sjis", "Shift_JIS", 13, 88);
        java("cp1251", "windows-1251", 14, 23, 50, 51, 52);
        java("hebrew", "ISO-8859-8", 16, 71);
        java("tis620", "TIS-620", 18, 89);
        java("euckr", "EUC-KR", 19, 85);
        java("latin7", "ISO-8859-13", 20, 41, 42, 79);
        java("koi8u", "KOI8-U", 22, 75);
        java("gb2312", "GB2312", 24, 86);
        java("greek", "ISO-8859-7", 25, 70);
        java("cp1250", "windows-1250", 26, 34, 44, 66, 99);
        java("gbk", "GBK", 28, 87);
        java("cp1257", "windows-1257", 29, 58, 59);
        java("latin5", "ISO-8859-9", 30, 78);
        java("utf8mb3", "UTF-8", 33, 83, 223);
        java("cp866", "IBM866", 36, 68);
        java("macce", "x-MacCentralEurope", 38, 43);
        java("macroman", "x-MacRoman", 39, 53);
        java("cp852", "IBM852", 40, 81);
        java("utf8mb4", "UTF-8", 45, 46);
        java("cp1256", "windows-1256", 57, 67);
        java("binary", "ISO-8859-1", 63);
        java("cp932", "windows-31j", 95, 96);
        java("eucjpms", "x-eucJP-Open", 97, 98);
        java("gb18030", "GB18030", 248, 249, 250);
        JAVA_NAMES.put("utf8", "UTF-8");
        for (int id = 192; id <= 215; id++) {
            COLLATION_CHARSETS.put(id, "utf8mb3");
        }
        for (int id = 224; id <= 247; id++) {
            COLLATION_CHARSETS.put(id, "utf8mb4");
        }
        for (int id = 255; id <= 323; id++) { // MySQL 8's utf8mb4_0900 family and its tailorings
            COLLATION_CHARSETS.put(id, "utf8mb4");
        }
    }

    private static void java(String mysqlName, String javaName, int... collationIds) {
        JAVA_NAMES.put(mysqlName, javaName);
        for (int id : collationIds) {
            COLLATION_CHARSETS.put(id, mysqlName);
        }
    }

    /** The charset of a collation id as a handshake or COM_CHANGE_USER sends it; null when not supported. */
    public static ClientCharset ofCollation(int collationId) {
        String name = COLLATION_CHARSETS.get(collationId);
        if (name == null && collationId >= 1024 && collationId < 2048) {
            name = COLLATION_CHARSETS.get(collationId - 1024); // MariaDB's NO PAD variant of the same charset
        } else if (name == null && collationId >= 2048 && collationId < 2560) {
            name = collationId < 2304 ? "utf8mb3" : "utf8mb4"; // MariaDB's uca1400 collations
        }
        return name == null ? null : ofName(name);
    }

    /** The charset MySQL calls {@code mysqlName} ({@code utf8} is utf8mb3); null when not supported. */
    public static ClientCharset ofName(String mysqlName) {
        if (mysqlName == null) {
            return null;
        }
        String name = mysqlName.strip().toLowerCase(Locale.ROOT);
        String java = JAVA_NAMES.get(name);
        if (java == null || !Charset.isSupported(java)) {
            return null;
        }
        if (name.equals("utf8mb4")) {
            return UTF8MB4;
        }
        return new ClientCharset(name.equals("utf8") ? "utf8mb3" : name, Charset.forName(java));
    }

    /** True for the charsets every backend connection starts in ({@code utf8mb4} and its subset utf8mb3). */
    public boolean isUtf8() {
        return charset == StandardCharsets.UTF_8;
    }
}
