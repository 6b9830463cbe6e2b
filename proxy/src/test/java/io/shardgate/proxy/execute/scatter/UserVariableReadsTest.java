package io.shardgate.proxy.execute.scatter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class UserVariableReadsTest {

    private static final Set<String> SYNCED = Set.of("@floor");

    @Test
    void noUserVariable() {
        assertThat(UserVariableReads.readsUnsynced("SELECT id FROM t WHERE id > 5", SYNCED)).isFalse();
    }

    @Test
    void aVariableTheSessionSetIsFineWhateverItsCase() {
        assertThat(UserVariableReads.readsUnsynced("SELECT id FROM t WHERE id > @Floor", SYNCED)).isFalse();
    }

    @Test
    void aVariableTheSessionDidNotSetIsNot() {
        assertThat(UserVariableReads.readsUnsynced("SELECT id, @n := @n + 1 FROM t", SYNCED)).isTrue();
    }

    @Test
    void systemVariablesAreTheConnectionsOwn() {
        assertThat(UserVariableReads.readsUnsynced("SELECT @@session.sql_mode, @@time_zone FROM t", SYNCED)).isFalse();
    }

    @Test
    void quotedTextAndCommentsAreNotVariables() {
        assertThat(UserVariableReads.readsUnsynced(
                "SELECT 'a@b.c', \"x@y\", `odd@name` /* @c */ FROM t -- @d\nWHERE e = 'it''s @e'", SYNCED)).isFalse();
    }

    @Test
    void aQuotedVariableNameCountsAsUnknown() {
        assertThat(UserVariableReads.readsUnsynced("SELECT @'floor' FROM t", SYNCED)).isTrue();
    }
}
