package io.shardgate.ittests.lookup;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One local mariadbd in its own temp dir, on a free loopback port, stopped by its pid. A stand-in until the
 * {@code harness} module's {@code BackendCluster} can be used here; it creates user {@code sg}/{@code sg}
 * (all privileges, from 127.0.0.1) and the given database.
 */
final class ThrowawayMariadb implements AutoCloseable {

    static final String USER = "sg";
    static final String PASSWORD = "sg";

    private final Path base;
    private final int port;
    private final Process process;

    private ThrowawayMariadb(Path base, int port, Process process) {
        this.base = base;
        this.port = port;
        this.process = process;
    }

    static ThrowawayMariadb start(String database) throws IOException, InterruptedException {
        Path base = Files.createTempDirectory("sg-lookup-it-");
        Path data = Files.createDirectories(base.resolve("data"));
        Path tmp = Files.createDirectories(base.resolve("tmp"));
        int port = freePort();
        Path cnf = base.resolve("my.cnf");
        Files.writeString(cnf, String.join("\n",
                "[mariadbd]",
                "datadir=" + data,
                "tmpdir=" + tmp,
                "port=" + port,
                "bind-address=127.0.0.1",
                "socket=" + base.resolve("mysqld.sock"),
                "pid-file=" + base.resolve("mysqld.pid"),
                "log-error=" + base.resolve("error.log"),
                "user=root",
                "skip-name-resolve",
                "innodb_buffer_pool_size=32M",
                "innodb_log_file_size=16M",
                ""), StandardCharsets.UTF_8);
        run(List.of("mariadb-install-db", "--defaults-file=" + cnf, "--skip-test-db",
                "--auth-root-authentication-method=normal"), base.resolve("install.log"));
        Process server = new ProcessBuilder("mariadbd", "--defaults-file=" + cnf)
                .redirectErrorStream(true).redirectOutput(base.resolve("server.out").toFile()).start();
        ThrowawayMariadb db = new ThrowawayMariadb(base, port, server);
        try {
            db.awaitSocket(Duration.ofSeconds(30));
            run(List.of("mariadb", "--no-defaults", "--socket=" + base.resolve("mysqld.sock"), "-uroot", "-e",
                    "CREATE USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "';"
                            + "GRANT ALL ON *.* TO '" + USER + "'@'127.0.0.1';"
                            + "CREATE DATABASE `" + database + "`;"), base.resolve("setup.log"));
        } catch (IOException | InterruptedException | RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    int port() {
        return port;
    }

    String jdbcUrl(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?allowPublicKeyRetrieval=true";
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
    }

    private void awaitSocket(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path socket = base.resolve("mysqld.sock");
        while (!Files.exists(socket)) {
            if (!process.isAlive()) {
                throw new IOException("mariadbd exited with " + process.exitValue() + ": " + errorLog());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("mariadbd did not open its socket within " + timeout + ": " + errorLog());
            }
            Thread.sleep(50);
        }
    }

    private String errorLog() throws IOException {
        Path log = base.resolve("error.log");
        return Files.exists(log) ? Files.readString(log) : "(no error log)";
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(command.get(0) + " failed with " + p.exitValue() + ": " + Files.readString(log));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops the server by its pid (SIGTERM, then SIGKILL after 20 s) and deletes its directory. */
    @Override
    public void close() throws IOException {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                handle.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
