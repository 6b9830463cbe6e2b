package io.shardgate.ittests.backends;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.shardgate.harness.BackendCluster;
import io.shardgate.harness.BackendServer;

/** {@code mariadbd} processes started by the harness's {@link BackendCluster}. */
public final class LocalBackendProvider implements BackendProvider {

    /** Set by the it-tests pom: keeps the installed template datadir across clusters and runs. */
    public static final String TEMPLATE_CACHE_PROPERTY = "shardgate.harness.templateCache";

    @Override
    public Backends start(Topology topology) {
        return new LocalBackends(builder(topology).start());
    }

    /** A cluster builder for {@code topology}, with the suite's template cache; tests may add options. */
    public static BackendCluster.Builder builder(Topology topology) {
        BackendCluster.Builder builder = BackendCluster.builder()
                .primaries(topology.primaries())
                .replicaOf(topology.replicaSources().stream().mapToInt(Integer::intValue).toArray());
        String cache = System.getProperty(TEMPLATE_CACHE_PROPERTY);
        if (cache != null && !cache.isBlank()) {
            builder.templateCache(Path.of(cache));
        }
        return builder;
    }

    /** Endpoints over a running cluster. */
    static final class LocalBackends implements Backends {
        private final BackendCluster cluster;

        LocalBackends(BackendCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public List<BackendEndpoint> primaries() {
            return cluster.primaries().stream().map(LocalBackends::endpoint).toList();
        }

        @Override
        public List<BackendEndpoint> replicas() {
            return cluster.replicas().stream().map(LocalBackends::endpoint).toList();
        }

        @Override
        public BackendEndpoint primaryOf(BackendEndpoint replica) {
            return endpoint(cluster.primaryOf(server(replica)));
        }

        @Override
        public void awaitReplicaCaughtUp(BackendEndpoint replica, Duration timeout) {
            cluster.awaitReplicaCaughtUp(server(replica), timeout);
        }

        @Override
        public Optional<BackendCluster> localCluster() {
            return Optional.of(cluster);
        }

        @Override
        public String describe() {
            return "local MariaDB " + cluster.serverVersion() + " (" + cluster.binaries().describe() + ")";
        }

        @Override
        public void close() {
            cluster.close();
        }

        private BackendServer server(BackendEndpoint endpoint) {
            return cluster.servers().stream()
                    .filter(server -> server.name().equals(endpoint.name()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(endpoint + " is not a server of this cluster"));
        }

        static BackendEndpoint endpoint(BackendServer server) {
            return new BackendEndpoint(server.name(), server.host(), server.port(), server.user(),
                    server.password(), server.rootUser().password());
        }
    }
}
