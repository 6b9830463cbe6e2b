package io.shardgate.ittests.drivers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command-line program a test drives (node, npm, python3): found on the PATH or the test fails with what to
 * install. Never a skip: CI installs every tool (.ci/run), so a missing one is a broken machine, not a reason
 * to pass.
 */
record ExternalTool(String name, Path path) {

    /** The tool on the PATH; fails the test with {@code install} as the fix when it is not there. */
    static ExternalTool require(String name, String install) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return new ExternalTool(name, candidate);
            }
        }
        throw new AssertionError(name + " is not installed (not on PATH), and this test drives it: " + install
                + " (.ci/run installs it on CI)");
    }

    /** What one run printed (stdout and stderr merged) and how it ended. */
    record Result(int exitCode, String output) {
    }

    Result run(Path workDir, Map<String, String> env, Duration timeout, String... args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(path.toString());
        command.addAll(List.of(args));
        Path log;
        try {
            log = Files.createTempFile(name + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + name, e);
        }
    }
}
