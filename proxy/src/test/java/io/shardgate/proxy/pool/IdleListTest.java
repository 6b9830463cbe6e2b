package io.shardgate.proxy.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.ScriptedBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool's idle connections over real {@link BackendConnection}s on embedded channels (each its own event
 * loop): the caller's loop first, another loop only when the pool is full, unusable ones dropped and counted,
 * and the old end retired or taken for validation.
 */
class IdleListTest {

    private final IdleList idle = new IdleList();
    private final List<ScriptedBackend> backends = new ArrayList<>();

    private BackendConnection connection() {
        ScriptedBackend b = new ScriptedBackend("10.0.0.9:3306", backends.size() + 1);
        backends.add(b);
        return b.connection();
    }

    @AfterEach
    void close() {
        backends.forEach(ScriptedBackend::close);
    }

    @Test
    void theCallersLoopFirstAnotherLoopOnlyWhenThePoolIsFull() {
        BackendConnection a = connection();
        BackendConnection b = connection();
        idle.addRecent(a, 1);
        idle.addRecent(b, 2);
        assertThat(idle.poll(b.eventLoop(), false, 5)).isSameAs(b);
        BackendConnection elsewhere = connection();
        assertThat(idle.poll(elsewhere.eventLoop(), false, 1)).isNull(); // room for a new one on the right loop
        assertThat(idle.poll(elsewhere.eventLoop(), true, 1)).isSameAs(a);
        idle.addRecent(a, 3);
        assertThat(idle.poll(elsewhere.eventLoop(), false, 0)).isSameAs(a); // full: any loop will do
        assertThat(idle.size()).isZero();
        assertThat(idle.takeDropped()).isZero();
    }

    @Test
    void unusableConnectionsAreDroppedAndMakeRoom() {
        BackendConnection dead = connection();
        BackendConnection alive = connection();
        idle.addRecent(alive, 1);
        idle.addRecent(dead, 2);
        backends.get(0).close();
        assertThat(dead.isUsable()).isFalse();
        BackendConnection elsewhere = connection();
        // full before, but the dead one's slot is free now: a new connection on the caller's loop is better
        assertThat(idle.poll(elsewhere.eventLoop(), false, 0)).isNull();
        assertThat(idle.takeDropped()).isEqualTo(1);
        assertThat(idle.takeDropped()).isZero();
        assertThat(idle.size()).isEqualTo(1);
    }

    @Test
    void theOldEndIsRetiredKeepingAMinimumAndTakenForValidation() {
        BackendConnection oldest = connection();
        BackendConnection old = connection();
        BackendConnection recent = connection();
        idle.addRecent(oldest, 10);
        idle.addRecent(old, 20);
        idle.addRecent(recent, 30);
        assertThat(idle.expire(25, 2)).containsExactly(oldest); // old is as stale, but min-idle keeps it
        assertThat(idle.size()).isEqualTo(2);
        assertThat(idle.takeIdleBefore(25)).extracting(IdleList.Idle::connection).containsExactly(old);
        idle.addOld(old, 20); // alive after its ping, as idle as before
        assertThat(idle.expire(25, 0)).containsExactly(old);
        assertThat(idle.drain()).containsExactly(recent);
        assertThat(idle.size()).isZero();
    }
}
