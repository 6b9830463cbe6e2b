package io.shardgate.harness;

/** What a server does in a {@link BackendCluster}. */
public enum Role {
    /** Takes writes, writes a binary log that replicas follow. */
    PRIMARY,
    /** Follows one primary by GTID; read-only for ordinary users. */
    REPLICA
}
