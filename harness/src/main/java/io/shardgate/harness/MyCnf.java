package io.shardgate.harness;

import java.nio.file.Path;

/**
 * Renders the {@code my.cnf} each server (and the template datadir's installer) reads with
 * {@code --defaults-file}, which also keeps {@code /etc/mysql} out of the picture.
 *
 * <p>Settings aim at many small servers on a 2-core machine: a 32 MB buffer pool, no
 * performance schema, no durability flushes (tests never survive a power cut, and a
 * {@code kill -9} of the process alone loses nothing with these settings), no reverse DNS.
 * Every server writes a ROW binlog, replicas included ({@code log_slave_updates}), so a
 * replica can be promoted in failover tests.
 */
final class MyCnf {

    private MyCnf() {
    }

    static String forServer(ServerFiles files, int port, int serverId, Role role, MariaDbBinaries binaries,
                            boolean runAsRoot) {
        StringBuilder cnf = common(files, binaries, runAsRoot);
        line(cnf, "port", port);
        line(cnf, "bind-address", "127.0.0.1");
        line(cnf, "server-id", serverId);
        line(cnf, "log-bin", "binlog");
        line(cnf, "relay-log", "relay-bin");
        line(cnf, "binlog_format", "ROW");
        line(cnf, "log_slave_updates", "ON");
        line(cnf, "sync_binlog", 0);
        // the harness's own readiness probe and the proxy's health checks open connections
        // without logging in; the default of 100 would block 127.0.0.1 after a while
        line(cnf, "max_connect_errors", 1_000_000);
        line(cnf, "max_connections", 500);
        // a loaded test machine can take longer than the default 10 s to finish a (TLS) handshake
        line(cnf, "connect_timeout", 60);
        if (role == Role.REPLICA) {
            line(cnf, "read_only", "ON");
        }
        return cnf.toString();
    }

    static String forTemplate(ServerFiles files, MariaDbBinaries binaries, boolean runAsRoot) {
        return common(files, binaries, runAsRoot).toString();
    }

    private static StringBuilder common(ServerFiles files, MariaDbBinaries binaries, boolean runAsRoot) {
        StringBuilder cnf = new StringBuilder("[mysqld]\n");
        line(cnf, "datadir", files.dataDir());
        line(cnf, "tmpdir", files.tmpDir());
        line(cnf, "socket", files.socket());
        line(cnf, "pid-file", files.pidFile());
        line(cnf, "log-error", files.errorLog());
        if (runAsRoot) {
            // mariadbd refuses to run as root unless told to
            line(cnf, "user", "root");
        }
        binaries.baseDir().ifPresent(base -> {
            line(cnf, "basedir", base);
            line(cnf, "lc-messages-dir", base.resolve("share"));
        });
        if (binaries.skipSsl()) {
            cnf.append("skip-ssl\n");
        }
        cnf.append("skip-name-resolve\n");
        line(cnf, "performance_schema", "OFF");
        line(cnf, "innodb_buffer_pool_size", "32M");
        line(cnf, "innodb_log_file_size", "8M");
        line(cnf, "innodb_flush_log_at_trx_commit", 2);
        // the default 12 MB is written out in full at every start
        line(cnf, "innodb_temp_data_file_path", "ibtmp1:1M:autoextend");
        line(cnf, "innodb_buffer_pool_dump_at_shutdown", "OFF");
        line(cnf, "innodb_buffer_pool_load_at_startup", "OFF");
        // 10.11 defaults to latin1 and 11.4 to a uca1400 collation: pin both to MySQL 8's charset
        line(cnf, "character-set-server", "utf8mb4");
        line(cnf, "collation-server", "utf8mb4_general_ci");
        return cnf;
    }

    private static void line(StringBuilder cnf, String key, Object value) {
        cnf.append(key).append('=').append(value).append('\n');
    }
}
