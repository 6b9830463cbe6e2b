package io.shardgate.proxy.pool;

import io.shardgate.config.HostPort;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Smooth weighted round-robin over one node's usable replicas (nginx's upstream algorithm): each pick adds every
 * candidate's weight to its running score, takes the highest score and subtracts the sum of the weights from it.
 * Weights 5, 1, 1 give a a a b a c a ... rather than a a a a a b c: a heavy replica gets its share spread out,
 * and a replica is never skipped for long. A random pick has the same mean but bursts, which a small pool feels.
 *
 * <p>Candidates may change between picks (a replica goes down, is set OFFLINE, a reload changes weights): scores of
 * replicas no longer offered are kept, so one that returns resumes where it was, and scores of removed replicas
 * are dropped by {@link #retain}. One instance per node; picks are rare (a session binds a read connection once,
 * not per statement), so a lock is simpler than anything cleverer.
 */
final class ReplicaChoice {

    /** A replica that may take a read, with its effective weight (at least 1). */
    record Candidate(HostPort address, int weight) {
    }

    private final Map<HostPort, Long> scores = new HashMap<>();

    /** The replica the next read goes to; null when there is no candidate. */
    synchronized HostPort pick(List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return null;
        }
        long total = 0;
        Candidate best = null;
        long bestScore = Long.MIN_VALUE;
        for (Candidate c : candidates) {
            long score = scores.getOrDefault(c.address(), 0L) + c.weight();
            scores.put(c.address(), score);
            total += c.weight();
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        scores.put(best.address(), bestScore - total);
        return best.address();
    }

    /** Forgets replicas no longer in the node's config. */
    synchronized void retain(java.util.Collection<HostPort> addresses) {
        scores.keySet().retainAll(addresses);
    }
}
