package io.shardgate.ittests.backends;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.shardgate.harness.BackendCluster;

/**
 * Running primaries and replicas for a test, from whichever {@link BackendProvider} was
 * chosen. Replication is configured and was checked before this is handed out.
 */
public interface Backends extends AutoCloseable {

    List<BackendEndpoint> primaries();

    List<BackendEndpoint> replicas();

    default BackendEndpoint primary(int index) {
        return primaries().get(index);
    }

    default BackendEndpoint replica(int index) {
        return replicas().get(index);
    }

    BackendEndpoint primaryOf(BackendEndpoint replica);

    /** Blocks until {@code replica} has applied everything its primary has written so far. */
    void awaitReplicaCaughtUp(BackendEndpoint replica, Duration timeout);

    /**
     * The local cluster behind these backends, for tests that stop, kill or pause servers;
     * empty for Docker, whose containers the harness does not control.
     */
    Optional<BackendCluster> localCluster();

    /** What runs the servers, for messages: {@code "local MariaDB 10.11.19 ..."}. */
    String describe();

    @Override
    void close();
}
