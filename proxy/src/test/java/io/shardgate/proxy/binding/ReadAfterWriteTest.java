package io.shardgate.proxy.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ReadYourWrites;
import io.shardgate.config.ReadYourWrites.Mode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadAfterWriteTest {

    private static final long SECOND = 1_000_000_000L;

    private static ReadAfterWrite in(Mode mode) {
        ReadAfterWrite r = new ReadAfterWrite();
        r.settings(new ReadYourWrites(mode, Duration.ofSeconds(5), Duration.ofMillis(50)));
        return r;
    }

    @Test
    void theWindowOpensWhenTheTransactionThatWroteEnds() {
        ReadAfterWrite r = in(Mode.WINDOW);
        r.statementEnded(false, 0);
        assertThat(r.primaryForRead("ds0", 0)).as("nothing written").isFalse();
        r.wrote("ds0");
        r.statementEnded(true, 0);
        assertThat(r.primaryForRead("ds1", 10 * SECOND)).as("other nodes: the transaction is still open").isFalse();
        r.statementEnded(false, 10 * SECOND);
        assertThat(r.primaryForRead("ds1", 14 * SECOND)).isTrue();
        assertThat(r.primaryForRead("ds1", 15 * SECOND)).isFalse();
    }

    @Test
    void offNeverKeepsReadsOnThePrimary() {
        ReadAfterWrite r = in(Mode.OFF);
        r.wrote("ds0");
        r.statementEnded(false, 0);
        assertThat(r.primaryForRead("ds0", 0)).isFalse();
        assertThat(r.pending("ds0")).isFalse();
    }

    @Test
    void causalWaitsOncePerReplicaAndWrite() {
        ReadAfterWrite r = in(Mode.CAUSAL);
        r.wrote("ds0");
        r.statementEnded(false, 0);
        assertThat(r.pending("ds0")).isTrue();
        assertThat(r.pending("ds1")).isFalse();
        assertThat(r.target("ds0")).isNull();
        r.target("ds0", "0-1-7");
        assertThat(r.confirmed("ds0", "r0")).isFalse();
        r.behind("ds0", "r0");
        assertThat(r.causalWait("ds0", "r0")).as("asked again without waiting").isZero();
        assertThat(r.causalWait("ds0", "r1")).isEqualTo(Duration.ofMillis(50));
        r.confirm("ds0", "r0", "0-1-7");
        assertThat(r.confirmed("ds0", "r0")).isTrue();
        assertThat(r.confirmed("ds0", "r1")).isFalse();

        r.wrote("ds0");
        r.statementEnded(false, 0);
        assertThat(r.target("ds0")).as("a new write: a new position to learn").isNull();
        assertThat(r.confirmed("ds0", "r0")).isFalse();
    }

    @Test
    void aReplicaThatMissedAWaitIsAskedWithoutWaitingAfterTheNextWritesUntilItCatchesUp() {
        ReadAfterWrite r = in(Mode.CAUSAL);
        r.wrote("ds0");
        r.statementEnded(false, 0);
        r.target("ds0", "0-1-7");
        r.behind("ds0", "r0");
        r.wrote("ds0");
        r.statementEnded(false, 0);
        assertThat(r.causalWait("ds0", "r0")).as("still lagging, as far as the session knows").isZero();
        assertThat(r.causalWait("ds0", "r1")).isEqualTo(Duration.ofMillis(50));
        r.target("ds0", "0-1-9");
        r.confirm("ds0", "r0", "0-1-9");
        r.wrote("ds0");
        r.statementEnded(false, 0);
        assertThat(r.causalWait("ds0", "r0")).as("caught up: waited for again").isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void aPrimaryWithoutGtidsFallsBackToTheWindow() {
        ReadAfterWrite r = in(Mode.AUTO);
        r.wrote("ds0");
        r.statementEnded(false, 0);
        r.target("ds0", "");
        assertThat(r.pending("ds0")).isFalse();
        assertThat(r.primaryForRead("ds0", SECOND)).isTrue();
        assertThat(r.primaryForRead("ds0", 6 * SECOND)).isFalse();
    }
}
