package io.shardgate.ittests.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code shardgate serve LOCAL_FILE} as a JVM of its own, so a test can pause it with SIGSTOP as an operator's
 * host can (a frozen VM, a stalled container), and see its log.
 */
final class ProxyProcess implements AutoCloseable {

    private final Process process;
    private final StringBuffer output = new StringBuffer();

    private ProxyProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (InputStream in = process.getInputStream()) {
                byte[] buffer = new byte[4096];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process ended: what was read stays
            }
        });
    }

    static ProxyProcess serve(Path localFile) {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.shardgate.proxy.cli.Main", "serve", localFile.toString());
        try {
            return new ProxyProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    String output() {
        return output.toString();
    }

    void awaitOutput(String fragment, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (output().contains(fragment)) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + fragment + "' within " + timeout + "; output:\n" + output());
    }

    /** {@code kill -STOP} / {@code kill -CONT}: the JDK has no API for these. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + pid() + " failed");
        }
    }

    @Override
    public void close() {
        try {
            signal("CONT"); // a stopped process does not act on SIGTERM
        } catch (IOException | InterruptedException | AssertionError e) {
            // it may be gone already
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
