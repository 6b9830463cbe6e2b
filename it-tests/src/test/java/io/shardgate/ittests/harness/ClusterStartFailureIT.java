package io.shardgate.ittests.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shardgate.harness.BackendCluster;
import io.shardgate.harness.HarnessException;
import io.shardgate.harness.HarnessProcesses;
import io.shardgate.ittests.backends.LocalBackendProvider;
import io.shardgate.ittests.backends.Topology;

/** A cluster that cannot start says why, and leaves neither processes nor files behind. */
class ClusterStartFailureIT {

    @TempDir
    Path temp;

    @Test
    void aServerThatExitsAtStartupIsReportedWithItsErrorLog() {
        Path base = temp.resolve("cluster");

        assertThatThrownBy(() -> LocalBackendProvider.builder(Topology.of(1, 0)).baseDir(base)
                .serverFlags("--no-such-option-for-the-harness-test").start())
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("primary-0 exited with code")
                .hasMessageContaining("error.log")
                .hasMessageContaining("no-such-option-for-the-harness-test");

        assertThat(base).doesNotExist();
        assertThat(HarnessProcesses.runningServersMentioning(base.toString())).isEmpty();
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsNamedWithItsPortAndErrorLog() {
        Path base = temp.resolve("slow");

        assertThatThrownBy(() -> LocalBackendProvider.builder(Topology.of(1, 0)).baseDir(base)
                .startTimeout(Duration.ofMillis(1)).start())
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("primary-0 (pid ")
                .hasMessageContaining("did not answer on 127.0.0.1:")
                .hasMessageContaining("within 1 ms")
                .hasMessageContaining("error.log");

        assertThat(base).doesNotExist();
        assertThat(HarnessProcesses.runningServersMentioning(base.toString())).isEmpty();
    }

    @Test
    void aBaseDirWithFilesInItIsRefusedAndLeftAlone() throws IOException {
        Path base = Files.createDirectories(temp.resolve("busy"));
        Path precious = Files.writeString(base.resolve("precious.txt"), "keep me");

        assertThatThrownBy(() -> BackendCluster.builder().baseDir(base).start())
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("is not empty");

        assertThat(precious).hasContent("keep me");
    }

    @Test
    void aReplicaOfAMissingPrimaryIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> BackendCluster.builder().primaries(2).replicaOf(0, 2).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a replica follows primary 2 but there are only 2 primaries");
    }
}
