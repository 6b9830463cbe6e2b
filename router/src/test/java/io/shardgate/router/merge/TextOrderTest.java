package io.shardgate.router.merge;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TextOrderTest {

    private static final TextOrder GENERAL_CI = TextOrder.of(Collations.byId(45));
    private static final TextOrder GENERAL_NOPAD = TextOrder.of(Collations.byId(1069));
    private static final TextOrder BIN = TextOrder.of(Collations.byId(46));
    private static final TextOrder SWEDISH = TextOrder.of(Collations.byId(8));
    private static final TextOrder AI_CI_0900 = TextOrder.of(Collations.byId(255));
    private static final TextOrder AS_CS_0900 = TextOrder.of(Collations.byId(278));

    @Test
    void generalCiFoldsCaseAndLatinAccents() {
        assertThat(GENERAL_CI.compare("abc", "ABC")).isZero();
        assertThat(GENERAL_CI.compare("é", "E")).isZero();
        assertThat(GENERAL_CI.compare("ß", "s")).isZero();
        assertThat(GENERAL_CI.compare("a", "b")).isNegative();
        assertThat(GENERAL_CI.compare("B", "a")).isPositive();
        assertThat(GENERAL_CI.key("Straße")).isEqualTo(GENERAL_CI.key("STRASE"));
    }

    @Test
    void generalCiWeighsAllSupplementaryCharactersTheSame() {
        assertThat(GENERAL_CI.compare("😀", "🙂")).isZero();
        assertThat(GENERAL_CI.key("x😀")).isEqualTo(GENERAL_CI.key("x🙂"));
    }

    @Test
    void padSpaceComparesTheTailAgainstSpaces() {
        assertThat(GENERAL_CI.compare("a", "a   ")).isZero();
        assertThat(GENERAL_CI.key("a")).isEqualTo(GENERAL_CI.key("a   "));
        // a tab weighs less than the pad space
        assertThat(GENERAL_CI.compare("a", "a\t")).isPositive();
        assertThat(GENERAL_CI.compare("a\t", "a")).isNegative();
        assertThat(GENERAL_NOPAD.compare("a", "a ")).isNegative();
        assertThat(GENERAL_NOPAD.key("a")).isNotEqualTo(GENERAL_NOPAD.key("a "));
    }

    @Test
    void binaryIsCodePointOrderNotUtf16Order() {
        assertThat(BIN.compare("B", "a")).isNegative();
        assertThat(BIN.compare("a", "A")).isPositive();
        // U+FFFF is below U+1F600 by code point (UTF-8 bytes); String.compareTo says the opposite
        assertThat("\uFFFF".compareTo("😀")).isPositive();
        assertThat(BIN.compare("\uFFFF", "😀")).isNegative();
        assertThat(BIN.compare("a", "a ")).isZero();
    }

    @Test
    void swedishSortsAringAumlautOumlautAfterZ() {
        assertThat(SWEDISH.compare("Å", "Z")).isPositive();
        assertThat(SWEDISH.compare("Ä", "Å")).isPositive();
        assertThat(SWEDISH.compare("Ö", "Ä")).isPositive();
        assertThat(SWEDISH.compare("ü", "y")).isZero();
        assertThat(SWEDISH.compare("€", "€")).isZero();
        assertThat(SWEDISH.exact()).isTrue();
    }

    @Test
    void uca0900IsNoPadAndFoldsCaseAndAccentsInEveryScript() {
        assertThat(AI_CI_0900.exact()).isFalse();
        assertThat(AI_CI_0900.compare("Résumé", "resume")).isZero();
        assertThat(AI_CI_0900.compare("мир", "МИР")).isZero();
        assertThat(AI_CI_0900.compare("ς", "Σ")).isZero();
        assertThat(AI_CI_0900.compare("strasse", "Straße")).isZero();
        assertThat(AI_CI_0900.compare("a-b", "ab")).isNegative();
        assertThat(AI_CI_0900.compare("a", "a ")).isNegative();
        assertThat(AI_CI_0900.compare("9", "10")).isPositive();
        assertThat(AI_CI_0900.compare("z", "ä")).isPositive();
    }

    @Test
    void uca0900AccentAndCaseSensitiveBreaksTiesLowerFirst() {
        assertThat(AS_CS_0900.compare("a", "A")).isNegative();
        assertThat(AS_CS_0900.compare("a", "á")).isNegative();
        assertThat(AS_CS_0900.compare("á", "b")).isNegative();
        assertThat(AS_CS_0900.key("a")).isNotEqualTo(AS_CS_0900.key("A"));
    }

    /** Hash grouping must see exactly the groups the sorted merge sees. */
    @Test
    void keysAgreeWithCompareOnRandomStrings() {
        String alphabet = "aAáÁbB ßs\tẞeéEÉ-_😀🙂мМøOœ1";
        Random random = new Random(42);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            StringBuilder s = new StringBuilder();
            int len = random.nextInt(4);
            for (int j = 0; j < len; j++) {
                s.appendCodePoint(alphabet.codePoints().toArray()[random.nextInt((int) alphabet.codePoints().count())]);
            }
            strings.add(s.toString());
        }
        for (int id : new int[] {45, 1069, 46, 1070, 63, 8, 224, 255, 278, 305, 2304}) {
            TextOrder order = TextOrder.of(Collations.byId(id));
            for (int i = 0; i < strings.size(); i++) {
                for (int j = 0; j < 40; j++) {
                    String a = strings.get(i);
                    String b = strings.get(random.nextInt(strings.size()));
                    int ab = order.compare(a, b);
                    assertThat(Integer.signum(order.compare(b, a))).as("antisymmetry %d '%s' '%s'", id, a, b)
                            .isEqualTo(-Integer.signum(ab));
                    assertThat(order.key(a).equals(order.key(b))).as("key vs compare %d '%s' '%s'", id, a, b)
                            .isEqualTo(ab == 0);
                }
            }
        }
    }

    /** The UCA comparison has an allocation-free path for ASCII; it must agree with the general one. */
    @Test
    void ucaAsciiFastPathAgreesWithTheGeneralPath() {
        String alphabet = "aAbBzZ09 \t-_!~$";
        Random random = new Random(3);
        for (int id : new int[] {224, 255, 305, 278, 2308}) {
            TextOrder order = TextOrder.of(Collations.byId(id));
            for (int i = 0; i < 20_000; i++) {
                String a = randomString(random, alphabet);
                String b = randomString(random, alphabet);
                // a leading zero-width space is ignorable at every level but forces the general path
                int slow = order.compare("\u200B" + a, "\u200B" + b);
                assertThat(Integer.signum(order.compare(a, b))).as("%d '%s' '%s'", id, a, b)
                        .isEqualTo(Integer.signum(slow));
            }
        }
    }

    private static String randomString(Random random, String alphabet) {
        StringBuilder s = new StringBuilder();
        for (int j = random.nextInt(5); j > 0; j--) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    @Test
    void unknownCollationFallsBackToGeneralCi() {
        assertThat(Collations.isKnown(9999)).isFalse();
        assertThat(Collations.byId(9999).name()).isEqualTo("utf8mb4_general_ci");
        assertThat(Collations.byId(2304).name()).isEqualTo("utf8mb4_uca1400_ai_ci");
        assertThat(Collations.byId(2311).name()).isEqualTo("utf8mb4_uca1400_nopad_as_cs");
        assertThat(Collations.byId(2311).padSpace()).isFalse();
        assertThat(Collations.byId(255).padSpace()).isFalse();
        assertThat(Collations.byId(224).padSpace()).isTrue();
    }
}
