package io.shardgate.proxy.binding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteStatementsTest {

    @Test
    void readsAreKnownByTheirFirstWord() {
        assertThat(WriteStatements.isWrite("select 1")).isFalse();
        assertThat(WriteStatements.isWrite(" /* c */ (SELECT a FROM t) UNION (SELECT b FROM u)")).isFalse();
        assertThat(WriteStatements.isWrite("-- x\nSHOW TABLES")).isFalse();
        assertThat(WriteStatements.isWrite("SELECT * FROM t FOR UPDATE")).isFalse();
        assertThat(WriteStatements.isWrite("WITH c AS (SELECT 1) SELECT * FROM c")).isFalse();
        assertThat(WriteStatements.isWrite("SET NAMES utf8mb4")).isFalse();
    }

    @Test
    void everythingElseCountsAsAWrite() {
        assertThat(WriteStatements.isWrite("INSERT INTO t VALUES (1)")).isTrue();
        assertThat(WriteStatements.isWrite("update t set a=1")).isTrue();
        assertThat(WriteStatements.isWrite("CALL p()")).isTrue();
        assertThat(WriteStatements.isWrite("SELECTED")).isTrue();
        assertThat(WriteStatements.isWrite("WITH c AS (SELECT 1) DELETE FROM t")).isTrue();
        assertThat(WriteStatements.isWrite(null)).isTrue();
    }
}
