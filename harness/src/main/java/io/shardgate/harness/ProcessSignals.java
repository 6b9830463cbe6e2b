package io.shardgate.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Signals the JDK has no API for (SIGSTOP, SIGCONT), sent with {@code kill(1)}. SIGTERM and
 * SIGKILL go through {@link ProcessHandle#destroy()} and {@link ProcessHandle#destroyForcibly()}.
 */
final class ProcessSignals {

    private ProcessSignals() {
    }

    /**
     * Waits until every thread of {@code pid} is stopped (state {@code T} in {@code /proc/<pid>/task/<tid>/stat})
     * after a SIGSTOP: {@code kill} returns once the signal is pending, and a thread that was running or just
     * woken by a packet may still be about to stop. False when that did not happen within {@code timeoutMillis}
     * or there is no {@code /proc} to tell.
     */
    static boolean awaitStopped(long pid, long timeoutMillis) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> threads = Files.list(tasks)) {
                if (threads.allMatch(ProcessSignals::stopped)) {
                    return true;
                }
                Thread.sleep(2);
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static boolean stopped(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            // pid (comm) state ...: the command may hold spaces and parentheses, the state follows the last ')'
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state == 'T' || state == 't';
        } catch (IOException e) {
            return true; // the thread ended meanwhile
        }
    }

    /** Sends {@code SIG<name>} to {@code pid}; true if {@code kill} reported success. */
    static boolean send(long pid, String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                return false;
            }
            return kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
