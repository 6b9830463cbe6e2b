package io.shardgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

    private static final Function<String, String> ENV = Map.of("USER", "app", "EMPTY", "", "PORT", "3307")::get;

    @Test
    void replacesSetVariables() {
        assertThat(EnvSubstitution.substitute("${USER}@host:${PORT}", ENV)).isEqualTo("app@host:3307");
    }

    @Test
    void defaultAppliesWhenUnsetOrEmptyLikeAShell() {
        assertThat(EnvSubstitution.substitute("${NOPE:-fallback}", ENV)).isEqualTo("fallback");
        assertThat(EnvSubstitution.substitute("${EMPTY:-fallback}", ENV)).isEqualTo("fallback");
        assertThat(EnvSubstitution.substitute("${USER:-fallback}", ENV)).isEqualTo("app");
        assertThat(EnvSubstitution.substitute("${NOPE:-}", ENV)).isEmpty();
        assertThat(EnvSubstitution.substitute("${NOPE:-a:-b}", ENV)).isEqualTo("a:-b");
    }

    @Test
    void setButEmptyWithoutDefaultIsEmpty() {
        assertThat(EnvSubstitution.substitute("x${EMPTY}y", ENV)).isEqualTo("xy");
    }

    @Test
    void doubleDollarIsALiteral() {
        // only "$${" is special: a password such as "pa$$word" stays as written
        assertThat(EnvSubstitution.substitute("pa$$word", ENV)).isEqualTo("pa$$word");
        assertThat(EnvSubstitution.substitute("x$${A}-${USER}", ENV)).isEqualTo("x${A}-app");
        assertThat(EnvSubstitution.substitute("$${USER}", ENV)).isEqualTo("${USER}");
        assertThat(EnvSubstitution.substitute("a$b", ENV)).isEqualTo("a$b");
    }

    @Test
    void unsetVariablesAreNamed() {
        assertThatThrownBy(() -> EnvSubstitution.substitute("${A}-${B}", ENV))
                .hasMessage("environment variables A, B are not set and have no default");
        assertThatThrownBy(() -> EnvSubstitution.substitute("${A}", ENV))
                .hasMessage("environment variable A is not set and has no default (${A:-default})");
    }

    @Test
    void malformedReferences() {
        assertThatThrownBy(() -> EnvSubstitution.substitute("${USER", ENV)).hasMessage("'${' without a closing '}'");
        assertThatThrownBy(() -> EnvSubstitution.substitute("${1X}", ENV))
                .hasMessage("'1X' is not an environment variable name (write $${ for a literal ${)");
    }
}
