package io.shardgate.router.merge;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our string orders against MariaDB's: the resources hold 131 tricky strings (case, accents, ß, trailing
 * spaces and tabs, emoji, CJK, Greek, Cyrillic, punctuation) as MariaDB 10.11 ordered and ranked them under
 * each collation. Every adjacent pair must compare as MariaDB did: equal within a rank, less across ranks.
 */
class CollationOrderTest {

    private record Ranked(int rank, String text) {
    }

    @ParameterizedTest
    @CsvSource({
            "utf8mb4_general_ci, 45",
            "utf8mb4_general_nopad_ci, 1069",
            "utf8mb4_bin, 46",
            "utf8mb4_nopad_bin, 1070",
            "latin1_swedish_ci, 8",
    })
    void exactCollationsOrderAndGroupLikeMariaDb(String file, int collationId) throws IOException {
        Collations.Collation collation = Collations.byId(collationId);
        assertThat(collation.name()).isEqualTo(file);
        TextOrder order = TextOrder.of(collation);
        assertThat(order.exact()).isTrue();
        List<Ranked> golden = load(file);
        assertThat(golden).hasSizeGreaterThan(100);

        List<String> wrong = mismatches(order, golden);

        assertThat(wrong).isEmpty();
    }

    /**
     * The UCA collations are approximated ({@link UcaApproximation}), so {@code exact()} is false, but on
     * these strings they order and group exactly like MariaDB at every level.
     */
    @ParameterizedTest
    @CsvSource({
            "utf8mb4_unicode_ci, 224",
            "utf8mb4_uca1400_ai_ci, 2304",
            "utf8mb4_uca1400_as_ci, 2306",
            "utf8mb4_uca1400_as_cs, 2307",
    })
    void ucaApproximationAgreesWithMariaDbOnTheseStrings(String file, int collationId) throws IOException {
        TextOrder order = TextOrder.of(Collations.byId(collationId));
        assertThat(order.exact()).isFalse();
        List<Ranked> golden = load(file);

        List<String> wrong = mismatches(order, golden);

        assertThat(wrong).as(String.join("\n", wrong)).isEmpty();
    }

    /** Adjacent pairs that do not compare as MariaDB ranked them. */
    private static List<String> mismatches(TextOrder order, List<Ranked> golden) {
        List<String> wrong = new ArrayList<>();
        for (int i = 1; i < golden.size(); i++) {
            Ranked a = golden.get(i - 1);
            Ranked b = golden.get(i);
            int c = order.compare(a.text(), b.text());
            int expected = Integer.compare(a.rank(), b.rank());
            boolean keysEqual = order.key(a.text()).equals(order.key(b.text()));
            if (Integer.signum(c) != expected || keysEqual != (expected == 0)
                    || Integer.signum(order.compare(b.text(), a.text())) != -expected) {
                wrong.add("'" + escape(a.text()) + "' vs '" + escape(b.text()) + "': MariaDB " + expected + ", ours "
                        + Integer.signum(c) + (keysEqual ? " (equal keys)" : ""));
            }
        }
        return wrong;
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> out.append(cp < 0x20 || cp > 0x7e ? String.format("\\u%04x", cp)
                : String.valueOf((char) cp)));
        return out.toString();
    }

    private static List<Ranked> load(String collation) throws IOException {
        try (InputStream in = CollationOrderTest.class.getResourceAsStream("collation-order/" + collation + ".txt")) {
            assertThat(in).as(collation).isNotNull();
            List<Ranked> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank() && !line.contains("\t")) {
                    continue;
                }
                String[] p = line.split("\t", -1);
                out.add(new Ranked(Integer.parseInt(p[0].trim()),
                        new String(HexFormat.of().parseHex(p[1].trim()), StandardCharsets.UTF_8)));
            }
            return out;
        }
    }
}
