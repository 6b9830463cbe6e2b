package io.shardgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void units() {
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("3s")).isEqualTo(Duration.ofSeconds(3));
        assertThat(DurationText.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(DurationText.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(DurationText.parse(" 1m30s ")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parse("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void refusesGuesswork() {
        assertThatThrownBy(() -> DurationText.parse("30")).hasMessage("'30' has no unit (write e.g. 30ms or 30s)");
        assertThatThrownBy(() -> DurationText.parse("1.5s"))
                .hasMessage("'1.5s' is not a duration (e.g. 500ms, 3s, 10m, 1h, 1m30s)");
        assertThatThrownBy(() -> DurationText.parse("3 s")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> DurationText.parse("5w")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> DurationText.parse("s")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> DurationText.parse("99999999999999999999s")).hasMessage("'99999999999999999999s' is too large");
    }

    @Test
    void formatRoundTrips() {
        for (String s : new String[] {"250ms", "1500ms", "10s", "5m", "2h", "3d"}) {
            assertThat(DurationText.format(DurationText.parse(s))).isEqualTo(s);
        }
    }
}
