package io.shardgate.harness;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Signals the JDK has no API for (SIGSTOP, SIGCONT), sent with {@code kill(1)}. SIGTERM and
 * SIGKILL go through {@link ProcessHandle#destroy()} and {@link ProcessHandle#destroyForcibly()}.
 */
final class ProcessSignals {

    private ProcessSignals() {
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
