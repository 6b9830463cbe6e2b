package io.shardgate.proxy.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway MariaDB server for proxy tests: its own temp dir, datadir, tmpdir, socket and free
 * port; installed, started, given test users, and stopped by its own pid. Tests are skipped when
 * mariadbd is not installed. Small on purpose; the harness module's cluster will replace it.
 *
 * <p>Users: {@link #NATIVE_USER} (mysql_native_password, all privileges) and root without
 * password on the socket only. Database {@link #DATABASE} exists.
 */
public final class LocalMariaDb implements BeforeAllCallback, AfterAllCallback {

    public static final String NATIVE_USER = "native";
    public static final String NATIVE_PASSWORD = "s3cret-pw";
    public static final String DATABASE = "sgtest";

    private static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    private static final Path CLIENT = Path.of("/usr/bin/mariadb");

    private final boolean tls;
    private Path dir;
    private int port;
    private Process server;

    /** A server without TLS. */
    public LocalMariaDb() {
        this(false);
    }

    /** @param tls give the server a fresh self-signed certificate (needs the openssl command) */
    public LocalMariaDb(boolean tls) {
        this.tls = tls;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(MARIADBD) && Files.isExecutable(INSTALL_DB)
                && Files.isExecutable(CLIENT), "mariadbd is not installed");
        Assumptions.assumeTrue(!tls || Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public void start() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("shardgate-mariadb-");
        port = freePort();
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("tmp"));
        String tlsOptions = "";
        if (tls) {
            run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    "/CN=localhost", "-keyout", dir.resolve("key.pem").toString(), "-out",
                    dir.resolve("cert.pem").toString()), 60);
            tlsOptions = "ssl-cert=" + dir.resolve("cert.pem") + "\nssl-key=" + dir.resolve("key.pem");
        }
        Files.writeString(dir.resolve("my.cnf"), String.join("\n",
                "[mysqld]",
                "user=root",
                "datadir=" + dir.resolve("data"),
                "tmpdir=" + dir.resolve("tmp"),
                "socket=" + socket(),
                "pid-file=" + dir.resolve("mariadbd.pid"),
                "port=" + port,
                "bind-address=127.0.0.1",
                "skip-name-resolve",
                "skip-log-bin",
                "innodb_buffer_pool_size=32M",
                "innodb_log_file_size=16M",
                "log-error=" + dir.resolve("error.log"),
                tlsOptions,
                "[client]",
                "socket=" + socket(),
                ""));
        run(List.of(INSTALL_DB.toString(), "--defaults-file=" + dir.resolve("my.cnf"), "--skip-test-db",
                "--auth-root-authentication-method=normal", "--user=root"), 120);
        server = new ProcessBuilder(MARIADBD.toString(), "--defaults-file=" + dir.resolve("my.cnf"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("mariadbd.out").toFile()).start();
        awaitPort();
        sql("CREATE DATABASE " + DATABASE + ";"
                + "CREATE USER '" + NATIVE_USER + "'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('"
                + NATIVE_PASSWORD + "');"
                + "GRANT ALL ON *.* TO '" + NATIVE_USER + "'@'%';");
    }

    public void stop() {
        if (server != null) {
            server.destroy(); // SIGTERM to our own pid: a clean shutdown
            try {
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
        if (dir != null) {
            deleteRecursively(dir);
            dir = null;
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public long pid() {
        return server.pid();
    }

    /** Runs SQL as root through the mariadb client on the socket; returns its tab-separated output. */
    public String sql(String statements) throws IOException, InterruptedException {
        return run(List.of(CLIENT.toString(), "--defaults-file=" + dir.resolve("my.cnf"), "-uroot", "-N", "-B",
                "-e", statements), 60);
    }

    private Path socket() {
        return dir.resolve("mariadb.sock");
    }

    private void awaitPort() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IOException("mariadbd exited with " + server.exitValue() + ": " + errorLog());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host(), port), 500);
                if (Files.exists(socket())) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(50);
        }
        throw new IOException("mariadbd did not listen on port " + port + " within 60 s: " + errorLog());
    }

    private String errorLog() {
        try {
            return Files.readString(dir.resolve("error.log"));
        } catch (IOException e) {
            return "(no error log)";
        }
    }

    private String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " timed out");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(command.get(0) + " failed with " + process.exitValue() + ": " + text);
        }
        return text;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp dir is not worth failing a test for
        }
    }
}
