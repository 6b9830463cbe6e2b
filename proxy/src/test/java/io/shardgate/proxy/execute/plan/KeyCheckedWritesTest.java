package io.shardgate.proxy.execute.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.proxy.execute.FakeExecutionContext;
import io.shardgate.proxy.execute.RecordedOutput;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.router.plan.KeyCheckedWrite;
import io.shardgate.router.plan.Route;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An UPDATE setting the shard key: locking checks on the other shards, then the write, in one transaction. */
class KeyCheckedWritesTest {

    private final FakeExecutionContext context = new FakeExecutionContext();
    private final RecordedOutput output = new RecordedOutput(context);
    private final KeyCheckedWrites writes = new KeyCheckedWrites(context);

    private static final KeyCheckedWrite PLAN = new KeyCheckedWrite(
            new Route("ds1", "UPDATE t_0002 SET k = 6 WHERE id = 1", true),
            List.of(new KeyCheckedWrite.Check(new Route("ds0", "SELECT 1 FROM t_0000 WHERE id = 1 LIMIT 1 FOR UPDATE", true), 0),
                    new KeyCheckedWrite.Check(new Route("ds1", "SELECT 1 FROM t_0003 WHERE id = 1 LIMIT 1 FOR UPDATE", true), 3)),
            "t", "k", "6", 2);

    /** What the executor asked of the transaction (the fake also records connections acquired). */
    private List<String> transactionCalls() {
        return context.calls.stream().filter(c -> !c.startsWith("acquire")).toList();
    }

    @AfterEach
    void close() {
        output.close();
        context.close();
    }

    @Test
    void noRowElsewhereThenTheWriteInATransactionOfItsOwn() {
        writes.run(PLAN, output);
        assertThat(transactionCalls()).containsExactly("begin");
        assertThat(context.node("ds0").nextCommand()).startsWith("SELECT 1 FROM t_0000");
        assertThat(context.node("ds1").nextCommand()).as("one check at a time").isNull();
        context.node("ds0").rows(List.of("1"), List.of());
        assertThat(context.node("ds1").nextCommand()).startsWith("SELECT 1 FROM t_0003");
        context.node("ds1").rows(List.of("1"), List.of());
        assertThat(context.node("ds1").nextCommand()).isEqualTo("UPDATE t_0002 SET k = 6 WHERE id = 1");
        context.node("ds1").ok(1, ServerStatus.IN_TRANS);
        assertThat(output.ok.affectedRows()).isEqualTo(1);
        assertThat(transactionCalls()).containsExactly("begin", "observe in-transaction", "commit");
    }

    @Test
    void aRowElsewhereRefusesBeforeAnythingIsWritten() {
        writes.run(PLAN, output);
        context.node("ds0").nextCommand();
        context.node("ds0").rows(List.of("1"), List.of(List.of("1")));
        assertThat(output.error.errorCode()).isEqualTo(1235);
        assertThat(output.error.message()).contains("would move rows from shard 0 to shard 2");
        assertThat(context.node("ds1").nextCommand()).as("neither the other check nor the write ran").isNull();
        assertThat(transactionCalls()).containsExactly("begin", "rollback");
    }

    @Test
    void insideTheSessionsTransactionItStaysOpen() {
        context.transactions().begin();
        context.calls.clear();
        writes.run(new KeyCheckedWrite(null, List.of(PLAN.checks().getFirst()), "t", "k", "6", 2), output);
        context.node("ds0").nextCommand();
        context.node("ds0").rows(List.of("1"), List.of());
        assertThat(output.ok.affectedRows()).as("no shard the WHERE reaches can hold the new key: 0 rows").isZero();
        assertThat(transactionCalls()).isEmpty();
        assertThat(context.transactions().inTransaction()).isTrue();
    }
}
