package io.shardgate.router.keygen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WorkerLeaseTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final WorkerLease lease = new WorkerLease(now::get);
    private final IdGenerators ids = new IdGenerators(lease);

    @Test
    void noIdsBeforeTheFirstGrant() {
        assertThatThrownBy(() -> ids.of(SnowflakeLayout.STANDARD).next())
                .isInstanceOf(NoWorkerIdException.class).hasMessageContaining("no worker id is leased yet");
        assertThat(lease.workerId()).isEqualTo(-1);
    }

    @Test
    void idsCarryTheLeasedWorkerIdUntilTheDeadline() {
        lease.grant(5, 2_000);
        long id = ids.of(SnowflakeLayout.STANDARD).next();
        assertThat(SnowflakeLayout.STANDARD.workerOf(id)).isEqualTo(5);
        now.set(2_000);
        assertThatThrownBy(() -> ids.of(SnowflakeLayout.STANDARD).next())
                .isInstanceOf(NoWorkerIdException.class).hasMessageContaining("could not be renewed in time");
        assertThat(lease.workerId()).isEqualTo(-1);
    }

    @Test
    void renewalMovesTheDeadlineOnlyForTheSameTerm() {
        long term = lease.grant(5, 2_000);
        assertThat(lease.renew(term, 3_000)).isTrue();
        now.set(2_500);
        assertThat(lease.workerId()).isEqualTo(5);
        lease.revoke("session lost");
        assertThat(lease.renew(term, 9_000)).as("a revoked term is over").isFalse();
        assertThatThrownBy(lease::valid).hasMessage("session lost");
        long second = lease.grant(5, 4_000);
        assertThat(second).isNotEqualTo(term);
        assertThat(lease.renew(term, 9_000)).as("the old term does not extend the new one").isFalse();
        assertThat(lease.current().validUntilNanos()).isEqualTo(4_000);
    }

    @Test
    void idsMadeWhileTheTermChangedAreRefused() {
        lease.grant(1, 2_000);
        WorkerLease.Term before = lease.valid();
        lease.grant(2, 2_000);
        assertThatThrownBy(() -> lease.confirm(before)).hasMessageContaining("changed while ids were made");
        now.set(5_000);
        WorkerLease.Term current = lease.current();
        assertThatThrownBy(() -> lease.confirm(current)).hasMessageContaining("could not be renewed");
    }

    @Test
    void aWorkerIdLeasedAgainContinuesItsIncreasingIds() {
        lease.grant(3, Long.MAX_VALUE);
        long first = ids.of(SnowflakeLayout.STANDARD).next();
        lease.grant(4, Long.MAX_VALUE);
        ids.of(SnowflakeLayout.STANDARD).next();
        lease.grant(3, Long.MAX_VALUE);
        long again = ids.of(SnowflakeLayout.STANDARD).next();
        assertThat(again).isGreaterThan(first);
        assertThat(SnowflakeLayout.STANDARD.workerOf(again)).isEqualTo(3);
    }

    @Test
    void jsSafeNeedsALeaseThatFitsItsFiveBits() {
        lease.grant(40, Long.MAX_VALUE);
        assertThatThrownBy(() -> ids.of(SnowflakeLayout.JS_SAFE).next())
                .isInstanceOf(NoWorkerIdException.class).hasMessageContaining("does not fit the js-safe id layout");
        lease.grant(7, Long.MAX_VALUE);
        assertThat(SnowflakeLayout.JS_SAFE.workerOf(ids.of(SnowflakeLayout.JS_SAFE).next())).isEqualTo(7);
    }
}
