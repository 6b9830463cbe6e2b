package io.shardgate.proxy.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.proxy.execute.ConnectionBinding;
import org.junit.jupiter.api.Test;

/** What keeps a session on its own connections, change by change. */
class ConnectionPinsTest {

    private final ConnectionPins pins = new ConnectionPins();

    @Test
    void aFreshSessionIsHeldByNothing() {
        pins.apply(ConnectionBinding.NONE);
        assertThat(pins.bound()).isFalse();
        assertThat(pins.tableLocks()).isFalse();
        assertThat(pins.readsOnPrimary()).isFalse();
    }

    @Test
    void stateBindsTheSessionAndPrimaryStateKeepsItsReadsOnThePrimary() {
        pins.apply(ConnectionBinding.HOLDS_STATE);
        assertThat(pins.bound()).isTrue();
        assertThat(pins.readsOnPrimary()).isFalse();
        pins.apply(ConnectionBinding.HOLDS_PRIMARY_STATE);
        assertThat(pins.readsOnPrimary()).isTrue();
        pins.forget();
        assertThat(pins.bound()).isFalse();
        assertThat(pins.readsOnPrimary()).isFalse();
    }

    @Test
    void locksHoldUntilReleased() {
        pins.apply(ConnectionBinding.LOCKS_TABLES);
        assertThat(pins.bound()).isTrue();
        assertThat(pins.tableLocks()).isTrue();
        assertThat(pins.readsOnPrimary()).isTrue();
        pins.apply(ConnectionBinding.UNLOCKS_TABLES);
        assertThat(pins.bound()).isFalse();
        pins.apply(ConnectionBinding.TAKES_NAMED_LOCK);
        assertThat(pins.bound()).isTrue();
        assertThat(pins.readsOnPrimary()).isFalse();
        pins.apply(ConnectionBinding.RELEASES_NAMED_LOCKS);
        assertThat(pins.bound()).isFalse();
    }
}
