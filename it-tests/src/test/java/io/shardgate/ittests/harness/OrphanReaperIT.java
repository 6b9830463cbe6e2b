package io.shardgate.ittests.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.shardgate.harness.BackendCluster;
import io.shardgate.harness.HarnessProcesses;

/**
 * A JVM killed with SIGKILL runs no shutdown hook, so its servers live on; the next cluster
 * start (here: {@link HarnessProcesses#reapOrphans}) must find and kill them.
 */
class OrphanReaperIT {

    @Test
    void serversOfAKilledJvmAreReapedAndTheirFilesRemoved() throws IOException, InterruptedException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanMaker.class.getName())
                .redirectErrorStream(true)
                .start();
        Path baseDir;
        try {
            baseDir = Path.of(awaitLine(child, "BASE "));
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(HarnessProcesses.runningServersMentioning(baseDir.toString()))
                .as("the killed JVM's server, orphaned").hasSize(1);

        int reaped = HarnessProcesses.reapOrphans(baseDir.getParent());

        assertThat(reaped).isGreaterThanOrEqualTo(1);
        assertThat(HarnessProcesses.runningServersMentioning(baseDir.toString())).isEmpty();
        assertThat(baseDir).doesNotExist();
    }

    /** Reads the child's output until a line with {@code prefix}; fails if the child ends first. */
    private static String awaitLine(Process child, String prefix) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the child JVM ended without printing '" + prefix + "':\n" + seen);
    }

    /** The child JVM: starts one server, says where, and waits to be killed. */
    public static final class OrphanMaker {
        private OrphanMaker() {
        }

        public static void main(String[] args) throws InterruptedException {
            BackendCluster cluster = BackendCluster.builder().primaries(1).start();
            System.out.println("BASE " + cluster.baseDir());
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(10));
        }
    }
}
