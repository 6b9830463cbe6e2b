package io.shardgate.ittests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code ./mvnw} under a JDK older than 21 stops in its first step (maven-enforcer) with the line that says which
 * JDK the build needs and how to point JAVA_HOME at one, not with "release version 21 not supported" or
 * class-file errors further on. Runs where the machine has such a JDK under /usr/lib/jvm (Debian's default
 * java is 17); the build's own JDK is 21 or newer, so it cannot be the one tried.
 */
class OldJdkBuildIT {

    @Test
    void anOldJdkStopsTheBuildWithWhatToDo() throws Exception {
        Optional<Path> old = oldJdk();
        Assumptions.assumeTrue(old.isPresent(), "no JDK older than 21 under /usr/lib/jvm to try the build with");
        Path root = ReadmeCommandsIT.root();
        Path log = Files.createTempFile("old-jdk-build-", ".log");
        ProcessBuilder build = new ProcessBuilder(root.resolve("mvnw").toString(), "-B", "-o", "-q", "-N", "validate")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        build.environment().put("JAVA_HOME", old.get().toString());
        Process p = build.start();
        try {
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the build under " + old.get() + " ended").isTrue();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isNotZero();
            assertThat(output).contains("shardgate needs a JDK 21 or newer to build")
                    .contains("point JAVA_HOME at a JDK 21+").doesNotContain("release version")
                    .doesNotContain("class file");
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    /** A JDK under /usr/lib/jvm whose {@code release} file names a Java version below 21. */
    private static Optional<Path> oldJdk() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            List<Path> candidates = dirs.filter(d -> Files.isExecutable(d.resolve("bin/java"))
                    && Files.isRegularFile(d.resolve("release"))).sorted(Comparator.naturalOrder()).toList();
            for (Path d : candidates) {
                for (String line : Files.readAllLines(d.resolve("release"))) {
                    if (line.startsWith("JAVA_VERSION=\"")) {
                        String version = line.substring("JAVA_VERSION=\"".length()).replace("\"", "");
                        String major = version.startsWith("1.") ? "8" : version.split("[.+-]")[0];
                        if (Integer.parseInt(major) < 21) {
                            return Optional.of(d.toRealPath());
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
