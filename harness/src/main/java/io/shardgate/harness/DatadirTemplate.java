package io.shardgate.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One datadir made by {@code mariadb-install-db}, copied for every server. Copying 26 MB is
 * far faster than installing (10.11: ~0.6 s for one install; four parallel installs take
 * 1.4-3 s on 2 cores), and nothing in a datadir depends on its path or its server's id:
 * {@code server-id} and {@code log-bin} are runtime options.
 *
 * <p>The accounts every server needs are created by the installer itself
 * ({@code --extra-file}), so they exist before the server first starts and, as the bootstrap
 * writes no binary log, never replicate: the same effect as {@code SET sql_log_bin=0}.
 *
 * <p>With a cache directory the template is kept across clusters and JVMs, keyed by the
 * server binary and {@link #FORMAT}; it is copied in beside its final name and renamed into
 * place, so concurrent JVMs never copy a half-written template.
 */
final class DatadirTemplate {

    /** Bump when the accounts or the template's my.cnf change, to invalidate cached templates. */
    static final int FORMAT = 2;

    static final Credentials PROXY_USER = new Credentials("shard", "shard");
    static final Credentials ROOT_USER = new Credentials("root", "root");
    static final Credentials REPLICATION_USER = new Credentials("repl", "repl");

    private DatadirTemplate() {
    }

    /** SQL the installer runs after creating the system tables. */
    static String accountsSql() {
        return String.join("\n",
                // the installer's bootstrap runs with --skip-grant-tables; loading the grant
                // tables is what makes CREATE USER and GRANT work there
                "FLUSH PRIVILEGES;",
                "CREATE USER '" + PROXY_USER.user() + "'@'%' IDENTIFIED VIA mysql_native_password"
                        + " USING PASSWORD('" + PROXY_USER.password() + "');",
                "GRANT ALL PRIVILEGES ON *.* TO '" + PROXY_USER.user() + "'@'%';",
                // root over TCP arrives as 127.0.0.1 (skip-name-resolve); over the socket it
                // stays root@localhost without a password, which the harness itself uses
                "CREATE OR REPLACE USER '" + ROOT_USER.user() + "'@'127.0.0.1' IDENTIFIED VIA"
                        + " mysql_native_password USING PASSWORD('" + ROOT_USER.password() + "');",
                "GRANT ALL PRIVILEGES ON *.* TO '" + ROOT_USER.user() + "'@'127.0.0.1' WITH GRANT OPTION;",
                "CREATE USER '" + REPLICATION_USER.user() + "'@'%' IDENTIFIED VIA mysql_native_password"
                        + " USING PASSWORD('" + REPLICATION_USER.password() + "');",
                "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '" + REPLICATION_USER.user() + "'@'%';",
                // root@<hostname> is useless with skip-name-resolve and warns at every start
                "DELETE FROM mysql.global_priv WHERE Host NOT IN ('localhost', '127.0.0.1', '::1', '%');",
                "DELETE FROM mysql.proxies_priv WHERE Host NOT IN ('localhost', '127.0.0.1', '::1', '%');",
                "");
    }

    /**
     * The template's datadir: from the cache when there is one and it holds a template for
     * these binaries, else freshly installed (into the cache, or into {@code workDir}).
     */
    static Path prepare(MariaDbBinaries binaries, Path workDir, Optional<Path> cacheDir, boolean runAsRoot,
                        Duration timeout) {
        Path installed = new ServerFiles(workDir, workDir.resolve("mysqld.sock")).dataDir();
        if (cacheDir.isEmpty()) {
            install(binaries, workDir, runAsRoot, timeout);
            return installed;
        }
        Path cached = cacheDir.get().resolve("template-" + key(binaries));
        if (Files.isDirectory(cached)) {
            return cached;
        }
        // installed where the cluster lives (often tmpfs: 4x faster than on a busy disk), then
        // copied into the cache and renamed into place in one step
        install(binaries, workDir, runAsRoot, timeout);
        try {
            Files.createDirectories(cacheDir.get());
            Path staging = Files.createTempDirectory(cacheDir.get(), cached.getFileName() + ".copying-");
            try {
                DirectoryTrees.copy(installed, staging);
                Files.move(staging, cached, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                DirectoryTrees.deleteRecursively(staging);
                if (!Files.isDirectory(cached)) {
                    throw e;
                }
                // another JVM renamed its template into place first
            }
        } catch (IOException e) {
            throw new HarnessException("cannot store the template datadir in " + cached + ": " + e, e);
        }
        return installed;
    }

    static void install(MariaDbBinaries binaries, Path dir, boolean runAsRoot, Duration timeout) {
        ServerFiles files = new ServerFiles(dir, dir.resolve("mysqld.sock"));
        Path log = dir.resolve("install.log");
        try {
            Files.createDirectories(files.dataDir());
            Files.createDirectories(files.tmpDir());
            Files.writeString(files.configFile(), MyCnf.forTemplate(files, binaries, runAsRoot));
            Path accounts = dir.resolve("accounts.sql");
            Files.writeString(accounts, accountsSql());
            List<String> command = new ArrayList<>();
            if (!Files.isExecutable(binaries.installDb())) {
                command.add("/bin/sh");
            }
            command.add(binaries.installDb().toString());
            command.add("--defaults-file=" + files.configFile());
            binaries.baseDir().ifPresent(base -> command.add("--basedir=" + base));
            command.add("--skip-test-db");
            command.add("--auth-root-authentication-method=normal");
            command.add("--extra-file=" + accounts);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new HarnessException("mariadb-install-db did not finish within " + timeout.toSeconds()
                        + " s in " + dir + "\n" + ServerProcess.tail(log, 20));
            }
            if (process.exitValue() != 0) {
                throw new HarnessException("mariadb-install-db failed (exit " + process.exitValue() + ") in "
                        + dir + "\n" + ServerProcess.tail(log, 20) + "\n" + ServerProcess.tail(files.errorLog(), 20));
            }
        } catch (IOException e) {
            throw new HarnessException("cannot run " + binaries.installDb() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while installing the template datadir", e);
        }
    }

    /** The cache key: which server binary (path, size, mtime) and which template format. */
    static String key(MariaDbBinaries binaries) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String identity = FORMAT + "|" + binaries.server().toRealPath() + "|" + Files.size(binaries.server())
                    + "|" + Files.getLastModifiedTime(binaries.server()).toMillis() + "|" + accountsSql();
            byte[] hash = digest.digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (IOException e) {
            throw new HarnessException("cannot read " + binaries.server() + ": " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
