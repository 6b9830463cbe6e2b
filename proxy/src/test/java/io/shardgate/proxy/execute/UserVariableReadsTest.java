package io.shardgate.proxy.execute;

import io.shardgate.router.sql.SqlMode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class UserVariableReadsTest {

    private static final Set<String> SYNCED = Set.of("@floor");

    @Test
    void noUserVariable() {
        assertThat(UserVariableReads.readsUnsynced("SELECT id FROM t WHERE id > 5", SYNCED, SqlMode.DEFAULT)).isFalse();
    }

    @Test
    void aVariableTheSessionSetIsFineWhateverItsCase() {
        assertThat(UserVariableReads.readsUnsynced("SELECT id FROM t WHERE id > @Floor", SYNCED, SqlMode.DEFAULT)).isFalse();
    }

    @Test
    void aVariableTheSessionDidNotSetIsNot() {
        assertThat(UserVariableReads.readsUnsynced("SELECT id, @n := @n + 1 FROM t", SYNCED, SqlMode.DEFAULT)).isTrue();
    }

    @Test
    void systemVariablesAreTheConnectionsOwn() {
        assertThat(UserVariableReads.readsUnsynced("SELECT @@session.sql_mode, @@time_zone FROM t", SYNCED, SqlMode.DEFAULT)).isFalse();
    }

    @Test
    void quotedTextAndCommentsAreNotVariables() {
        assertThat(UserVariableReads.readsUnsynced(
                "SELECT 'a@b.c', \"x@y\", `odd@name` /* @c */ FROM t -- @d\nWHERE e = 'it''s @e'", SYNCED, SqlMode.DEFAULT)).isFalse();
    }

    @Test
    void aQuotedVariableNameCountsAsUnknown() {
        assertThat(UserVariableReads.readsUnsynced("SELECT @'floor' FROM t", SYNCED, SqlMode.DEFAULT)).isTrue();
    }
}
