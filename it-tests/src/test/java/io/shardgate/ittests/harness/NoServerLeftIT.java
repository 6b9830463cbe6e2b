package io.shardgate.ittests.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shardgate.harness.HarnessProcesses;
import io.shardgate.ittests.backends.SharedBackends;

/**
 * Runs last (junit-platform.properties orders classes by {@link Order}): once every cluster of
 * the suite is closed, no {@code mariadbd} the harness started may still run.
 */
@Order(Integer.MAX_VALUE)
@ExtendWith(SharedBackends.class)
class NoServerLeftIT {

    @Test
    void noServerStartedByTheHarnessOutlivesItsCluster(SharedBackends.Lifecycle shared) {
        shared.close();

        assertThat(HarnessProcesses.alive()).as("servers in the harness's pid registry").isEmpty();
        assertThat(HarnessProcesses.runningServersMentioning(HarnessProcesses.ownBaseDirPrefix()))
                .as("mariadbd processes under this JVM's default base directories").isEmpty();
        for (Path dir : HarnessProcesses.knownBaseDirs()) {
            assertThat(HarnessProcesses.runningServersMentioning(dir.toString()))
                    .as("mariadbd processes under %s", dir).isEmpty();
            assertThat(dir).as("base directory of a closed cluster").doesNotExist();
        }
    }
}
