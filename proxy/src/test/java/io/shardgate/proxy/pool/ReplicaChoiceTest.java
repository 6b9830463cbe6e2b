package io.shardgate.proxy.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.HostPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReplicaChoiceTest {

    private static final HostPort A = new HostPort("127.0.0.1", 1);
    private static final HostPort B = new HostPort("127.0.0.1", 2);
    private static final HostPort C = new HostPort("127.0.0.1", 3);

    private static List<HostPort> picks(ReplicaChoice choice, int n, ReplicaChoice.Candidate... candidates) {
        List<HostPort> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(choice.pick(List.of(candidates)));
        }
        return out;
    }

    @Test
    void spreadsByWeightWithoutBursts() {
        List<HostPort> seq = picks(new ReplicaChoice(), 7, new ReplicaChoice.Candidate(A, 5),
                new ReplicaChoice.Candidate(B, 1), new ReplicaChoice.Candidate(C, 1));
        // nginx's smooth sequence for 5/1/1
        assertThat(seq).containsExactly(A, A, B, A, C, A, A);
    }

    @Test
    void sharesMatchWeightsExactlyOverWholeCycles() {
        List<HostPort> seq = picks(new ReplicaChoice(), 600, new ReplicaChoice.Candidate(A, 3),
                new ReplicaChoice.Candidate(B, 2), new ReplicaChoice.Candidate(C, 1));
        Map<HostPort, Long> counts = seq.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts).containsEntry(A, 300L).containsEntry(B, 200L).containsEntry(C, 100L);
    }

    @Test
    void equalWeightsAlternate() {
        assertThat(picks(new ReplicaChoice(), 4, new ReplicaChoice.Candidate(A, 1), new ReplicaChoice.Candidate(B, 1)))
                .containsExactly(A, B, A, B);
    }

    @Test
    void aReplicaLeftOutGetsNothingAndTheOthersCarryOn() {
        ReplicaChoice choice = new ReplicaChoice();
        picks(choice, 3, new ReplicaChoice.Candidate(A, 1), new ReplicaChoice.Candidate(B, 1));
        assertThat(picks(choice, 5, new ReplicaChoice.Candidate(B, 1))).containsOnly(B);
        assertThat(picks(choice, 20, new ReplicaChoice.Candidate(A, 1), new ReplicaChoice.Candidate(B, 1)))
                .filteredOn(A::equals).hasSizeBetween(9, 11);
    }

    @Test
    void noCandidateIsNull() {
        assertThat(new ReplicaChoice().pick(List.of())).isNull();
    }
}
