package io.shardgate.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Talks SQL to a server as {@code root} over its Unix socket through the {@code mariadb}
 * command-line client. The harness ships inside the proxy's jar for the demo, so it carries
 * no JDBC driver; one client process per statement batch costs ~10-30 ms, which is nothing
 * next to starting servers.
 *
 * <p>Every call has a deadline: a paused (SIGSTOPped) server accepts connections in the
 * kernel but never answers, and the client would otherwise wait forever.
 */
final class MariaDbClient {

    private final Path executable;

    MariaDbClient(Path executable) {
        this.executable = executable;
    }

    /** Runs {@code sql} (one or more statements) and returns the result it printed, if any. */
    SqlResult query(String label, Path socket, String sql, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(
                executable.toString(),
                "--no-defaults",
                // 11.4's client insists on TLS by default, even over a socket
                "--skip-ssl",
                "--socket=" + socket,
                "--user=root",
                "--batch",
                "--connect-timeout=" + Math.max(1, timeout.toSeconds()),
                "--execute=" + sql));
        ProcessBuilder builder = new ProcessBuilder(command);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new HarnessException("cannot run " + executable + ": " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
            FutureTask<String> stdout = readInBackground(process.getInputStream());
            FutureTask<String> stderr = readInBackground(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new HarnessException(label + ": no answer within " + timeout.toMillis()
                        + " ms to: " + abbreviate(sql));
            }
            String out = stdout.get(5, TimeUnit.SECONDS);
            String err = stderr.get(5, TimeUnit.SECONDS).strip();
            if (process.exitValue() != 0) {
                throw new HarnessException(label + ": " + (err.isEmpty() ? "client exit " + process.exitValue() : err)
                        + " (SQL: " + abbreviate(sql) + ")");
            }
            return SqlResult.parseBatch(out);
        } catch (IOException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new HarnessException(label + ": cannot read the client's output: " + e, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new HarnessException(label + ": interrupted while running SQL", e);
        }
    }

    private static FutureTask<String> readInBackground(InputStream in) {
        FutureTask<String> task = new FutureTask<>(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        });
        Thread.ofVirtual().name("mariadb-client-reader").start(task);
        return task;
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("IDENTIFIED BY '[^']*'|PASSWORD\\('[^']*'\\)|PASSWORD='[^']*'", "<secret>")
                .replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
