package io.shardgate.proxy.execute.plan;

import static io.shardgate.proxy.execute.ConnectionBinding.HOLDS_COMPUTED_VARIABLE;
import static io.shardgate.proxy.execute.ConnectionBinding.HOLDS_STATE;
import static io.shardgate.proxy.execute.ConnectionBinding.LOCKS_TABLES;
import static io.shardgate.proxy.execute.ConnectionBinding.NONE;
import static io.shardgate.proxy.execute.ConnectionBinding.RELEASES_NAMED_LOCKS;
import static io.shardgate.proxy.execute.ConnectionBinding.TAKES_NAMED_LOCK;
import static io.shardgate.proxy.execute.ConnectionBinding.UNLOCKS_TABLES;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.proxy.execute.ConnectionBinding;
import io.shardgate.router.sql.SqlMode;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionBoundStatementsTest {

    private static ConnectionBinding of(String sql, boolean primary) {
        return ConnectionBoundStatements.binding(sql, primary, SqlMode.DEFAULT, Set.of("@x"));
    }

    @Test
    void temporaryTablesAndHandlersHoldStateForGood() {
        assertThat(of("CREATE TEMPORARY TABLE t (id INT)", true)).isEqualTo(HOLDS_STATE);
        assertThat(of("  /* x */ create or replace temporary table t (id int)", true)).isEqualTo(HOLDS_STATE);
        assertThat(of("HANDLER orders OPEN", true)).isEqualTo(HOLDS_STATE);
    }

    @Test
    void tableLocksLastUntilUnlock() {
        assertThat(of("LOCK TABLES orders READ", true)).isEqualTo(LOCKS_TABLES);
        assertThat(of("lock table orders write", true)).isEqualTo(LOCKS_TABLES);
        assertThat(of("FLUSH TABLES WITH READ LOCK", true)).isEqualTo(LOCKS_TABLES);
        assertThat(of("UNLOCK TABLES", true)).isEqualTo(UNLOCKS_TABLES);
    }

    @Test
    void namedLocksWhenTheReadGoesToThePrimary() {
        assertThat(of("SELECT GET_LOCK('job', 10)", true)).isEqualTo(TAKES_NAMED_LOCK);
        assertThat(of("DO get_lock('job', 10)", true)).isEqualTo(TAKES_NAMED_LOCK);
        assertThat(of("SELECT RELEASE_ALL_LOCKS()", true)).isEqualTo(RELEASES_NAMED_LOCKS);
        // RELEASE_LOCK may leave others held: the session stays bound
        assertThat(of("SELECT RELEASE_LOCK('job')", true)).isEqualTo(NONE);
        // the planner sends GET_LOCK to the primary, so a replica read never holds one
        assertThat(of("SELECT GET_LOCK('job', 10)", false)).isEqualTo(NONE);
    }

    @Test
    void userVariablesInsideAStatementHoldState() {
        // computed on the connection (or SET from an expression): the session's reads follow it to the primary
        assertThat(of("SELECT @n := @n + 1, id FROM t", false)).isEqualTo(HOLDS_COMPUTED_VARIABLE);
        assertThat(of("SELECT id INTO @last FROM t LIMIT 1", true)).isEqualTo(HOLDS_COMPUTED_VARIABLE);
        assertThat(of("SELECT @total", false)).isEqualTo(HOLDS_COMPUTED_VARIABLE);
        // SET to a literal: replayed alike on any connection
        assertThat(of("UPDATE t SET v = @x WHERE id = 1", true)).isEqualTo(HOLDS_STATE);
        assertThat(of("SELECT @X", false)).isEqualTo(HOLDS_STATE);
        // system variables are synced by the proxy; an @ in text or a comment is no variable
        assertThat(of("SELECT @@session.time_zone", false)).isEqualTo(NONE);
        assertThat(of("SELECT id FROM users WHERE email = 'a@b.c' /* @x */", false)).isEqualTo(NONE);
    }

    @Test
    void lastInsertIdWithAnArgumentSetsTheConnectionsValue() {
        assertThat(of("SELECT LAST_INSERT_ID(42)", true)).isEqualTo(HOLDS_STATE);
        assertThat(of("UPDATE seq SET id = last_insert_id (id + 1)", true)).isEqualTo(HOLDS_STATE);
        assertThat(of("INSERT INTO child (parent) VALUES (LAST_INSERT_ID())", true)).isEqualTo(NONE);
        assertThat(of("SELECT LAST_INSERT_ID( )", true)).isEqualTo(NONE);
    }

    @Test
    void ordinaryStatementsDoNot() {
        assertThat(of("SELECT * FROM orders WHERE id = 1", true)).isEqualTo(NONE);
        assertThat(of("CREATE TABLE temporary_orders (id INT)", true)).isEqualTo(NONE);
        assertThat(of("INSERT INTO locks VALUES (1)", true)).isEqualTo(NONE);
        assertThat(of("SELECT is_get_lock_x FROM t", true)).isEqualTo(NONE);
        assertThat(of("", true)).isEqualTo(NONE);
        assertThat(of("FLUSH TABLES", true)).isEqualTo(NONE);
        assertThat(of("UNLOCKED_ROWS", true)).isEqualTo(NONE);
    }
}
