package io.shardgate.proxy.execute.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.proxy.execute.FakeExecutionContext;
import io.shardgate.proxy.execute.RecordedOutput;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.router.plan.Broadcast;
import io.shardgate.router.plan.GeneratedKeys;
import io.shardgate.router.plan.Route;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Writes over several shards, against a fake execution context and scripted backends. */
class BroadcastWritesTest {

    private final FakeExecutionContext context = new FakeExecutionContext();
    private final RecordedOutput output = new RecordedOutput(context);
    private final BroadcastWrites writes = new BroadcastWrites(context);

    @AfterEach
    void close() {
        output.close();
        context.close();
    }

    @Test
    void eachNodeRunsItsRoutesInOrderAndTheClientGetsOneOkWithTheSum() {
        writes.run(new Broadcast(List.of(new Route("ds0", "UPDATE t_0000 SET v = 1", true),
                new Route("ds1", "UPDATE t_0002 SET v = 1", true), new Route("ds0", "UPDATE t_0001 SET v = 1", true))),
                0, output);
        assertThat(context.node("ds0").nextCommand()).isEqualTo("UPDATE t_0000 SET v = 1");
        assertThat(context.node("ds1").nextCommand()).isEqualTo("UPDATE t_0002 SET v = 1");
        assertThat(context.node("ds0").nextCommand()).as("the next route waits for the first").isNull();
        context.node("ds0").ok(2, ServerStatus.AUTOCOMMIT);
        assertThat(context.node("ds0").nextCommand()).isEqualTo("UPDATE t_0001 SET v = 1");
        context.node("ds1").ok(3, ServerStatus.AUTOCOMMIT);
        assertThat(output.done).as("ds0 has not answered its second route").isFalse();
        context.node("ds0").ok(4, ServerStatus.AUTOCOMMIT);
        assertThat(output.ok.affectedRows()).isEqualTo(9);
        context.session().counts().next();
        assertThat(context.session().counts().previousRowCount()).isEqualTo(9);
        assertThat(context.calls).filteredOn(c -> c.startsWith("observe")).hasSize(3);
    }

    @Test
    void copiesCountOnce() {
        writes.run(new Broadcast(List.of(new Route("ds0", "UPDATE c SET v = 1", true),
                new Route("ds1", "UPDATE c SET v = 1", true)), true), 0, output);
        context.node("ds0").nextCommand();
        context.node("ds1").nextCommand();
        context.node("ds0").ok(5, ServerStatus.AUTOCOMMIT);
        context.node("ds1").ok(5, ServerStatus.AUTOCOMMIT);
        assertThat(output.ok.affectedRows()).isEqualTo(5);
    }

    @Test
    void aShardsErrorIsTheClientsWithItsCode() {
        writes.run(new Broadcast(List.of(new Route("ds0", "INSERT INTO t_0000 VALUES (1)", true),
                new Route("ds1", "INSERT INTO t_0002 VALUES (2)", true))), 0, output);
        context.node("ds0").nextCommand();
        context.node("ds1").nextCommand();
        context.node("ds0").ok(1, ServerStatus.AUTOCOMMIT);
        context.node("ds1").err(1062, "23000", "Duplicate entry '2' for key 'PRIMARY'");
        assertThat(output.error.errorCode()).isEqualTo(1062);
        assertThat(output.error.sqlState()).isEqualTo("23000");
    }

    @Test
    void generatedKeysAreTheSessionsLastInsertId() {
        writes.generated(new GeneratedKeys("id", 1000, 1,
                new Route("ds1", "INSERT INTO t_0002 (id) VALUES (1000)", true)), output);
        context.node("ds1").nextCommand();
        context.node("ds1").ok(1, ServerStatus.AUTOCOMMIT);
        assertThat(output.ok.lastInsertId()).isEqualTo(1000);
        assertThat(context.session().lastInsertId()).isEqualTo(1000);
    }
}
