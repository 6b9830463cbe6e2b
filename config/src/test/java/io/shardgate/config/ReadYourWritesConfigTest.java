package io.shardgate.config;

import static io.shardgate.config.TestYaml.minimal;
import static io.shardgate.config.TestYaml.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ReadYourWrites.Mode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadYourWritesConfigTest {

    private static ReadYourWrites read(String keys) {
        return TestYaml.load(minimal() + keys).schemas().getFirst().readYourWrites();
    }

    @Test
    void defaultIsCausalWhereGtidsAreKeptElseFiveSeconds() {
        assertThat(read("")).isEqualTo(new ReadYourWrites(Mode.AUTO, Duration.ofSeconds(5), Duration.ofMillis(50)));
    }

    @Test
    void offCausalAndADuration() {
        assertThat(read("    read-your-writes: off\n").mode()).isEqualTo(Mode.OFF);
        assertThat(read("    read-your-writes: causal\n    causal-wait: 200ms\n"))
                .isEqualTo(new ReadYourWrites(Mode.CAUSAL, Duration.ofSeconds(5), Duration.ofMillis(200)));
        assertThat(read("    read-your-writes: 2s\n"))
                .isEqualTo(new ReadYourWrites(Mode.WINDOW, Duration.ofSeconds(2), Duration.ofMillis(50)));
    }

    @Test
    void anythingElseIsRefusedWithWhatIsAccepted() {
        assertThat(problems(minimal() + "    read-your-writes: always\n")).containsExactly(
                "schemas.shop.read-your-writes: 'always' is not off, causal or a duration such as 5s"
                        + " (how long reads stay on the primary after a write)");
        assertThat(problems(minimal() + "    read-your-writes: 0\n")).hasSize(1);
        assertThat(problems(minimal() + "    causal-wait: 50\n")).containsExactly(
                "schemas.shop.causal-wait: '50' has no unit (write e.g. 50ms or 50s)");
    }
}
