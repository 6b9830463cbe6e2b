package io.shardgate.harness;

import java.nio.file.Path;

/**
 * Where one server (or the template datadir) keeps its files: everything in its own
 * directory, including its own tmpdir (parallel installs sharing /tmp fail at random with
 * ERROR 1051 Unknown table 'mysql.tmp_user_sys'). The socket may live elsewhere when the
 * directory's path is too long for a Unix socket address.
 */
record ServerFiles(Path directory, Path socket) {

    /** Unix socket addresses hold 108 bytes including the terminating NUL. */
    static final int MAX_SOCKET_PATH = 107;

    Path dataDir() {
        return directory.resolve("data");
    }

    Path tmpDir() {
        return directory.resolve("tmp");
    }

    Path configFile() {
        return directory.resolve("my.cnf");
    }

    Path pidFile() {
        return directory.resolve("mysqld.pid");
    }

    Path errorLog() {
        return directory.resolve("error.log");
    }

    /** mariadbd's stdout and stderr: nearly empty, since it logs to {@link #errorLog()}. */
    Path stdout() {
        return directory.resolve("mariadbd.out");
    }
}
