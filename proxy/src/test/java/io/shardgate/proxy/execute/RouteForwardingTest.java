package io.shardgate.proxy.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.proxy.backend.ScriptedBackend;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.router.plan.Route;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one forwarding path, against a fake execution context and a scripted backend. */
class RouteForwardingTest {

    private final FakeExecutionContext context = new FakeExecutionContext();
    private final RecordedOutput output = new RecordedOutput(context);
    private final RouteForwarding routes = new RouteForwarding(context, () -> null);

    @AfterEach
    void close() {
        output.close();
        context.close();
    }

    @Test
    void aRouteRunsItsSqlOnItsNodeAndTheResponseGoesToTheClientRaw() {
        routes.forward(new Route("ds1", "SELECT v FROM t_0001 WHERE id = 3", false), null, output);
        assertThat(context.calls).containsExactly("acquire ds1 any");
        ScriptedBackend ds1 = context.node("ds1");
        assertThat(ds1.nextCommand()).isEqualTo("SELECT v FROM t_0001 WHERE id = 3");
        ds1.rows(List.of("v"), List.of(List.of("three")));
        // column count, one definition, one row, the OK that ends it
        assertThat(output.forwarded()).hasSize(4);
        assertThat(output.done).isTrue();
        assertThat(output.failed).isFalse();
        assertThat(context.session().counts().currentNode()).isEqualTo("ds1");
    }

    @Test
    void theClientsOwnPacketGoesAsItIsWhenNothingChangesIt() {
        MysqlPacket original = CommandPacket.query("SELECT 1", StandardCharsets.UTF_8);
        routes.forward(new Route("ds0", "SELECT 1", false), original, output);
        assertThat(original.refCnt()).as("not copied: the packet itself is on its way").isEqualTo(1);
        assertThat(context.node("ds0").nextCommand()).isEqualTo("SELECT 1");
        assertThat(original.refCnt()).isZero();
    }

    @Test
    void theSqlIsTranslatedForAMariaDbBackendAndTheClientsPacketReleased() {
        MysqlPacket original = CommandPacket.query("SELECT @@transaction_isolation", StandardCharsets.UTF_8);
        routes.forward(new Route("ds0", "SELECT @@transaction_isolation", false), original, output);
        assertThat(original.refCnt()).isZero();
        assertThat(context.node("ds0").nextCommand())
                .isEqualTo("SELECT @@tx_isolation AS `@@transaction_isolation`");
    }

    @Test
    void aRefusedAcquireAnswersItsErrAndSendsNothing() {
        context.refuse("ds1", MysqlError.CON_COUNT_ERROR.toPacket());
        MysqlPacket original = CommandPacket.query("SELECT 1", StandardCharsets.UTF_8);
        routes.forward(new Route("ds1", "SELECT 1", false), original, output);
        assertThat(output.error.errorCode()).isEqualTo(1040);
        assertThat(original.refCnt()).as("released, never sent").isZero();
    }

    @Test
    void theBackendsTransactionFlagsReachTheTransaction() {
        routes.forward(new Route("ds0", "INSERT INTO t VALUES (1)", true), null, output);
        context.node("ds0").nextCommand();
        context.node("ds0").ok(1, ServerStatus.IN_TRANS);
        assertThat(context.calls).contains("observe in-transaction");
        assertThat(output.forwarded()).hasSize(1);
    }
}
