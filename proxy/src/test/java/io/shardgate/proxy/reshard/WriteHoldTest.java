package io.shardgate.proxy.reshard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WriteHoldTest {

    @Test
    void idleEverythingRunsFreeAndUncounted() {
        WriteHold hold = new WriteHold();
        assertThat(hold.enter("INSERT INTO orders VALUES (1)")).isSameAs(WriteHold.Pass.FREE);
        assertThat(hold.running()).isZero();
    }

    @Test
    void armedStatementsNamingAMovingTableAreCountedUntilFinished() {
        WriteHold hold = new WriteHold();
        hold.arm(List.of("orders", "order_items"));
        assertThat(hold.enter("update Orders set x = 1")).isInstanceOf(WriteHold.Pass.Counted.class);
        assertThat(hold.enter("SELECT * FROM order_items")).isInstanceOf(WriteHold.Pass.Counted.class);
        assertThat(hold.enter("SELECT * FROM customers")).isSameAs(WriteHold.Pass.FREE);
        assertThat(hold.running()).isEqualTo(2);
        hold.finished();
        hold.finished();
        assertThat(hold.running()).isZero();
    }

    @Test
    void closedTheyWaitUntilOpenedAndAreNotCounted() {
        WriteHold hold = new WriteHold();
        hold.arm(List.of("orders"));
        hold.close(60_000);
        WriteHold.Pass pass = hold.enter("DELETE FROM orders WHERE id = 1");
        assertThat(pass).isInstanceOf(WriteHold.Pass.Wait.class);
        assertThat(hold.running()).isZero();
        assertThat(hold.enter("SELECT 1")).isSameAs(WriteHold.Pass.FREE);
        var opened = ((WriteHold.Pass.Wait) pass).opened();
        assertThat(opened).isNotDone();
        hold.open();
        assertThat(opened).isDone();
        assertThat(hold.enter("DELETE FROM orders WHERE id = 1")).isInstanceOf(WriteHold.Pass.Counted.class);
    }

    @Test
    void theGateOpensByItselfPastItsLimitShouldTheCutoverBeGone() throws Exception {
        WriteHold hold = new WriteHold(10);
        hold.arm(List.of("orders"));
        hold.close(50);
        var opened = ((WriteHold.Pass.Wait) hold.enter("INSERT INTO orders VALUES (1)")).opened();
        opened.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(hold.closed()).isFalse();
    }

    @Test
    void disarmingOpensTheGateAndStopsCounting() {
        WriteHold hold = new WriteHold();
        hold.arm(List.of("orders"));
        hold.close(60_000);
        var opened = ((WriteHold.Pass.Wait) hold.enter("INSERT INTO orders VALUES (1)")).opened();
        hold.disarm();
        assertThat(opened).isDone();
        assertThat(hold.enter("INSERT INTO orders VALUES (1)")).isSameAs(WriteHold.Pass.FREE);
    }

    @Test
    void aStatementPreparedBeforeASwitchOfItsTableIsOutdated() {
        WriteHold hold = new WriteHold();
        long before = hold.switches();
        hold.switched(List.of("orders"));
        assertThat(hold.outdated("INSERT INTO orders_0001 (id) VALUES (?)", before)).isTrue();
        assertThat(hold.outdated("INSERT INTO customers (id) VALUES (?)", before)).isFalse();
        assertThat(hold.outdated("INSERT INTO orders (id) VALUES (?)", hold.switches())).isFalse();
    }
}
