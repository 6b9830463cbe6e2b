package io.shardgate.proxy.execute.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionBoundStatementsTest {

    @Test
    void temporaryTablesLocksAndHandlersLeaveState() {
        assertThat(ConnectionBoundStatements.leavesState("CREATE TEMPORARY TABLE t (id INT)", true)).isTrue();
        assertThat(ConnectionBoundStatements.leavesState("  /* x */ create or replace temporary table t (id int)", true))
                .isTrue();
        assertThat(ConnectionBoundStatements.leavesState("LOCK TABLES orders READ", true)).isTrue();
        assertThat(ConnectionBoundStatements.leavesState("lock table orders write", true)).isTrue();
        assertThat(ConnectionBoundStatements.leavesState("FLUSH TABLES WITH READ LOCK", true)).isTrue();
        assertThat(ConnectionBoundStatements.leavesState("HANDLER orders OPEN", true)).isTrue();
    }

    @Test
    void namedLocksLeaveStateWhenTheReadGoesToThePrimary() {
        assertThat(ConnectionBoundStatements.leavesState("SELECT GET_LOCK('job', 10)", true)).isTrue();
        assertThat(ConnectionBoundStatements.leavesState("DO get_lock('job', 10)", true)).isTrue();
        // the planner sends GET_LOCK to the primary, so a replica read never holds one
        assertThat(ConnectionBoundStatements.leavesState("SELECT GET_LOCK('job', 10)", false)).isFalse();
    }

    @Test
    void ordinaryStatementsDoNot() {
        assertThat(ConnectionBoundStatements.leavesState("SELECT * FROM orders WHERE id = 1", true)).isFalse();
        assertThat(ConnectionBoundStatements.leavesState("CREATE TABLE temporary_orders (id INT)", true)).isFalse();
        assertThat(ConnectionBoundStatements.leavesState("INSERT INTO locks VALUES (1)", true)).isFalse();
        assertThat(ConnectionBoundStatements.leavesState("SELECT is_get_lock_x FROM t", true)).isFalse();
        assertThat(ConnectionBoundStatements.leavesState("", true)).isFalse();
        assertThat(ConnectionBoundStatements.leavesState("FLUSH TABLES", true)).isFalse();
    }
}
