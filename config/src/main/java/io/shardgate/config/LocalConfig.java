package io.shardgate.config;

import java.nio.file.Path;

/** What an instance's own file says: the whole config, or that the config lives in a cluster's ZooKeeper. */
public sealed interface LocalConfig {

    /** One proxy with its file: the default. */
    record Standalone(LoadedConfig loaded) implements LocalConfig {
    }

    /**
     * Cluster mode. {@code baseDir} (the local file's directory) resolves relative file paths (TLS) of the shared
     * config on this instance.
     */
    record Clustered(ClusterSettings cluster, Path baseDir) implements LocalConfig {
    }
}
