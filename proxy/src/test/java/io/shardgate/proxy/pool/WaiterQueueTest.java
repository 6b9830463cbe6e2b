package io.shardgate.proxy.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.proxy.pool.WaiterQueue.Waiter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The pool's queue of waiting acquires: order, timed-out waiters skipped, counted and swept. */
class WaiterQueueTest {

    private final WaiterQueue queue = new WaiterQueue();

    private Waiter waiter() {
        Waiter w = new Waiter(new CompletableFuture<>(), null);
        queue.add(w);
        return w;
    }

    @Test
    void pollsOldestFirstAndSkipsTheTimedOut() {
        Waiter a = waiter();
        Waiter b = waiter();
        Waiter c = waiter();
        assertThat(queue.abandon(b)).isTrue();
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.poll()).isSameAs(a);
        assertThat(queue.poll()).isSameAs(c);
        assertThat(queue.poll()).isNull();
        assertThat(queue.size()).isZero();
        assertThat(queue.held()).isZero();
        assertThat(a.queued).isFalse();
        assertThat(b.queued).isFalse();
    }

    @Test
    void aWaiterAlreadyTakenOffTheQueueDidNotWaitInVain() {
        Waiter a = waiter();
        assertThat(queue.poll()).isSameAs(a);
        assertThat(queue.abandon(a)).isFalse(); // its timeout fired after a connection was handed to it
        assertThat(queue.size()).isZero();
        Waiter b = waiter();
        assertThat(queue.abandon(b)).isTrue();
        assertThat(queue.abandon(b)).isFalse();
        assertThat(queue.size()).isZero();
        assertThat(queue.held()).isEqualTo(1);
    }

    @Test
    void theDeadAreSweptOnceTheyAreMostOfALongQueue() {
        List<Waiter> all = new ArrayList<>();
        for (int i = 0; i < 2 * WaiterQueue.SWEEP_AFTER; i++) {
            all.add(waiter());
        }
        // the (SWEEP_AFTER + 1)th timeout passes the threshold with the dead over half the queue: one sweep
        for (int i = 0; i <= WaiterQueue.SWEEP_AFTER; i++) {
            queue.abandon(all.get(i));
        }
        assertThat(queue.held()).isEqualTo(2 * WaiterQueue.SWEEP_AFTER - (WaiterQueue.SWEEP_AFTER + 1));
        assertThat(queue.size()).isEqualTo(WaiterQueue.SWEEP_AFTER - 1);
        assertThat(queue.poll()).isSameAs(all.get(WaiterQueue.SWEEP_AFTER + 1));
    }

    @Test
    void noSweepWhileTheDeadAreFew() {
        List<Waiter> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(waiter());
        }
        all.subList(0, 9).forEach(queue::abandon);
        assertThat(queue.held()).isEqualTo(10); // below SWEEP_AFTER: skipped lazily instead
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.poll()).isSameAs(all.get(9));
        assertThat(queue.held()).isZero();
    }
}
