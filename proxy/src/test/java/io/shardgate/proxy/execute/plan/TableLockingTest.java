package io.shardgate.proxy.execute.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.proxy.execute.FakeExecutionContext;
import io.shardgate.proxy.execute.RecordedOutput;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.router.plan.Route;
import io.shardgate.router.plan.TableLocks;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** LOCK / UNLOCK TABLES over nodes, against a fake execution context and scripted backends. */
class TableLockingTest {

    private final FakeExecutionContext context = new FakeExecutionContext();
    private final RecordedOutput output = new RecordedOutput(context);
    private final TableLocking locking = new TableLocking(context);

    private static final TableLocks LOCK = new TableLocks(List.of(
            new Route("ds0", "LOCK TABLES `t_0000` WRITE, `c` READ", true),
            new Route("ds1", "LOCK TABLES `t_0001` WRITE, `c` READ", true)));

    @AfterEach
    void close() {
        output.close();
        context.close();
    }

    @Test
    void nodesAreLockedOneAfterAnotherAfterTheOtherNodesLetGo() {
        locking.run(LOCK, output);
        assertThat(context.calls).containsExactly("unlock tables except [ds0, ds1]", "bind LOCKS_TABLES",
                "acquire ds0 primary");
        assertThat(context.node("ds0").nextCommand()).isEqualTo("LOCK TABLES `t_0000` WRITE, `c` READ");
        assertThat(context.node("ds1").nextCommand()).as("ds1 waits for ds0's lock").isNull();
        context.node("ds0").ok(0, ServerStatus.AUTOCOMMIT);
        assertThat(context.node("ds1").nextCommand()).isEqualTo("LOCK TABLES `t_0001` WRITE, `c` READ");
        assertThat(output.done).isFalse();
        context.node("ds1").ok(0, ServerStatus.AUTOCOMMIT);
        assertThat(output.ok).isNotNull();
        assertThat(output.ok.affectedRows()).isZero();
    }

    @Test
    void lockingCommitsAnOpenTransactionFirst() {
        context.transactions().begin();
        locking.run(LOCK, output);
        assertThat(context.calls).startsWith("begin", "commit", "unlock tables except [ds0, ds1]");
    }

    @Test
    void aLockRefusedOnOneNodeLetsGoOfTheOthers() {
        locking.run(LOCK, output);
        context.node("ds0").nextCommand();
        context.node("ds0").ok(0, ServerStatus.AUTOCOMMIT);
        context.node("ds1").nextCommand();
        context.node("ds1").err(1146, "42S02", "Table 'shop.c' doesn't exist");
        assertThat(output.error.errorCode()).isEqualTo(1146);
        assertThat(context.calls).endsWith("unlock tables except []", "bind UNLOCKS_TABLES");
    }

    @Test
    void unlockLetsGoEverywhere() {
        locking.run(TableLocks.unlock(), output);
        assertThat(context.calls).containsExactly("unlock tables except []", "bind UNLOCKS_TABLES");
        assertThat(output.ok).isNotNull();
    }
}
