package io.shardgate.ittests.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Node.js client tests ({@code it-tests/src/test/node}): copied to {@code target/node-clients}, their
 * packages installed there with {@code npm ci} from the committed lock file (once per lock file), and run with
 * {@code node --test}. node and npm must be installed; the npm registry must be reachable on the first run.
 */
final class NodeProject {

    private static final Duration INSTALL = Duration.ofMinutes(5);
    private static final Duration RUN = Duration.ofMinutes(3);

    private final Path dir;
    private final ExternalTool node;

    private NodeProject(Path dir, ExternalTool node) {
        this.dir = dir;
        this.node = node;
    }

    /** Copies the sources and installs the locked packages unless the same lock file was installed before. */
    static synchronized NodeProject prepare() {
        ExternalTool node = ExternalTool.require("node", "apt-get install -y nodejs npm");
        ExternalTool npm = ExternalTool.require("npm", "apt-get install -y npm");
        Path source = sources();
        Path dir = Path.of("target", "node-clients").toAbsolutePath();
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(source)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            String lock = sha256(dir.resolve("package-lock.json"));
            Path stamp = dir.resolve("node_modules").resolve(".installed-lock");
            if (!Files.isRegularFile(stamp) || !Files.readString(stamp).equals(lock)) {
                ExternalTool.Result install = npm.run(dir, Map.of(), INSTALL, "ci", "--no-audit", "--no-fund");
                assertThat(install.exitCode()).as("npm ci in %s:%n%s", dir, install.output()).isZero();
                Files.writeString(stamp, lock);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new NodeProject(dir, node);
    }

    /** Runs one test file with {@code node --test}; fails with the test output unless every test passed. */
    String test(String file, Map<String, String> env) {
        ExternalTool.Result result = node.run(dir, env, RUN, "--test", "--test-reporter=spec", file);
        assertThat(result.exitCode()).as("node --test %s:%n%s", file, result.output()).isZero();
        return result.output();
    }

    private static Path sources() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("it-tests/src/test/node");
            if (Files.isRegularFile(candidate.resolve("package-lock.json"))) {
                return candidate;
            }
            candidate = d.resolve("src/test/node");
            if (Files.isRegularFile(candidate.resolve("package-lock.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("it-tests/src/test/node not found above " + Path.of("").toAbsolutePath());
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
