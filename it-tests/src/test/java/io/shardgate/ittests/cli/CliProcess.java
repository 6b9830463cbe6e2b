package io.shardgate.ittests.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code shardgate <args>} as a separate JVM on the test classpath: the real exit code and the real output
 * (stdout and stderr merged, logback's console included), as an operator sees them.
 */
public final class CliProcess implements AutoCloseable {

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private CliProcess(Process process) {
        this.process = process;
        this.reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = process.getInputStream()) {
                byte[] buffer = new byte[4096];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process was destroyed: what was read so far stays
            }
        });
    }

    public static CliProcess start(Path workDir, String... args) {
        return start(workDir, List.of(), java.util.Map.of(), args);
    }

    /**
     * @param jvmOptions options before the main class ({@code -Dlogback.configurationFile=...})
     * @param environment variables added to the test's own environment
     */
    public static CliProcess start(Path workDir, List<String> jvmOptions, java.util.Map<String, String> environment,
                            String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED"); // what the runnable jar's manifest declares
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.shardgate.proxy.cli.Main");
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            return new CliProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs to completion (at most {@code timeout}) and returns the exit code. */
    public int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("shardgate did not exit within " + timeout + "; output:\n" + output());
        }
        reader.join(5_000);
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        return output.toString();
    }

    /** Waits until a line of the output matches (the process keeps running). */
    public String awaitLine(Predicate<String> matching, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (String line : output().split("\n")) {
                if (matching.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching line within " + timeout + "; output:\n" + output());
    }

    /** {@code kill -9}: the JVM gets no chance to close anything; returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("shardgate survived kill -9 for 30 s");
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
