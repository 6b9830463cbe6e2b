package io.shardgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> STRATEGIES = List.of("hash-mod", "range", "time", "region", "consistent-hash", "lookup");

    @Test
    void levenshtein() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }

    @Test
    void suggestsPlausibleTypos() {
        assertThat(Suggestions.closest("hsh-mod", STRATEGIES)).contains("hash-mod");
        assertThat(Suggestions.closest("consistent_hash", STRATEGIES)).contains("consistent-hash");
        assertThat(Suggestions.closest("REGION", STRATEGIES)).contains("region");
        assertThat(Suggestions.closest("lokup", STRATEGIES)).contains("lookup");
    }

    @Test
    void staysQuietWhenNothingIsClose() {
        assertThat(Suggestions.closest("modulo", STRATEGIES)).isEmpty();
        assertThat(Suggestions.closest("x", List.of("abc"))).isEmpty();
        assertThat(Suggestions.didYouMean("zzz", STRATEGIES)).isEmpty();
    }
}
