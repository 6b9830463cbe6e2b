package io.shardgate.config;

/** A read replica, written {@code host:port@weight} in YAML (weight defaults to 1). */
public record ReplicaConfig(HostPort address, int weight) {
}
