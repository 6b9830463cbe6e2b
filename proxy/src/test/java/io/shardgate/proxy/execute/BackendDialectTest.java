package io.shardgate.proxy.execute;

import io.shardgate.router.sql.SqlMode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackendDialectTest {

    private static final String MARIADB_10 = "5.5.5-10.11.19-MariaDB-0+deb12u1-log";

    @Test
    void mariadbBefore11Point1UsesTheTxNames() {
        assertThat(BackendDialect.usesTxNames(MARIADB_10)).isTrue();
        assertThat(BackendDialect.usesTxNames("11.0.2-MariaDB")).isTrue();
        assertThat(BackendDialect.usesTxNames("11.4.5-MariaDB")).isFalse();
        assertThat(BackendDialect.usesTxNames("8.0.36")).isFalse();
    }

    @Test
    void wholeSelectItemsKeepTheirColumnName() {
        assertThat(BackendDialect.translate("SELECT @@transaction_isolation, @@autocommit, 1", MARIADB_10, SqlMode.DEFAULT))
                .isEqualTo("SELECT @@tx_isolation AS `@@transaction_isolation`, @@autocommit, 1");
        assertThat(BackendDialect.translate(
                "select 1, @@SESSION.Transaction_Read_Only from dual where 1 = 1", MARIADB_10, SqlMode.DEFAULT))
                .isEqualTo("select 1, @@SESSION.tx_read_only AS `@@SESSION.Transaction_Read_Only` from dual where 1 = 1");
        assertThat(BackendDialect.translate("SELECT (SELECT @@global.transaction_isolation), 2", MARIADB_10, SqlMode.DEFAULT))
                .isEqualTo("SELECT (SELECT @@global.tx_isolation AS `@@global.transaction_isolation`), 2");
        assertThat(BackendDialect.translate("SELECT DISTINCT @@transaction_read_only;", MARIADB_10, SqlMode.DEFAULT))
                .isEqualTo("SELECT DISTINCT @@tx_read_only AS `@@transaction_read_only`;");
    }

    @Test
    void elsewhereOnlyTheNameChanges() {
        assertThat(BackendDialect.translate("SELECT @@transaction_isolation AS iso, "
                + "CONCAT('x', @@transaction_isolation, 'y'), @@transaction_read_only = 0 FROM t "
                + "WHERE @@transaction_read_only = 0", MARIADB_10, SqlMode.DEFAULT))
                .isEqualTo("SELECT @@tx_isolation AS iso, CONCAT('x', @@tx_isolation, 'y'), @@tx_read_only = 0 "
                        + "FROM t WHERE @@tx_read_only = 0");
        assertThat(BackendDialect.translate("SELECT @@transaction_isolation iso", MARIADB_10, SqlMode.DEFAULT))
                .isEqualTo("SELECT @@tx_isolation iso");
    }

    @Test
    void quotesCommentsAndOtherVariablesStay() {
        assertThat(BackendDialect.translate("SELECT '@@transaction_isolation', `@@transaction_isolation` "
                + "/* @@transaction_isolation */ FROM t -- @@transaction_isolation", MARIADB_10, SqlMode.DEFAULT)).isNull();
        assertThat(BackendDialect.translate("SELECT @@transaction_isolation_x, @@tx_isolation, @@version", MARIADB_10, SqlMode.DEFAULT))
                .isNull();
        assertThat(BackendDialect.translate("SELECT 1", MARIADB_10, SqlMode.DEFAULT)).isNull();
    }

    @Test
    void backendsThatKnowTheNewNamesGetTheTextUnchanged() {
        assertThat(BackendDialect.translate("SELECT @@transaction_isolation, 1", "8.0.36", SqlMode.DEFAULT)).isNull();
        assertThat(BackendDialect.translate("SELECT @@transaction_isolation, 1", "11.4.5-MariaDB", SqlMode.DEFAULT)).isNull();
    }
}
