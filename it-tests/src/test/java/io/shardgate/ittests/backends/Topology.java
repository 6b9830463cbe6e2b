package io.shardgate.ittests.backends;

import java.util.ArrayList;
import java.util.List;

/**
 * How many primaries, and which primary each replica follows.
 *
 * @param primaries      at least 1
 * @param replicaSources for replica {@code i}, the index of its primary
 */
public record Topology(int primaries, List<Integer> replicaSources) {

    public Topology {
        if (primaries < 1) {
            throw new IllegalArgumentException("primaries must be at least 1, was " + primaries);
        }
        replicaSources = List.copyOf(replicaSources);
        for (int source : replicaSources) {
            if (source < 0 || source >= primaries) {
                throw new IllegalArgumentException("a replica follows primary " + source + " of " + primaries);
            }
        }
    }

    /** {@code primaries} primaries and {@code replicas} replicas, all of primary 0. */
    public static Topology of(int primaries, int replicas) {
        List<Integer> sources = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            sources.add(0);
        }
        return new Topology(primaries, sources);
    }

    public int replicas() {
        return replicaSources.size();
    }
}
