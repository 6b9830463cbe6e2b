package io.shardgate.proxy.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.admin.AdminService;
import io.shardgate.proxy.session.SessionRegistry;
import io.shardgate.router.plan.Local;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the proxy answers itself, against a fake execution context. */
class LocalCommandsTest {

    private static final ShardgateConfig CONFIG = ConfigLoader.parse("""
            proxy:
              users: [{user: app, password: pw}]
            nodes:
              - {name: ds0, primary: 127.0.0.1:3306, user: u, password: p}
              - {name: ds1, primary: 127.0.0.1:3307, user: u, password: p}
            schemas:
              - name: shop
                default-node: ds1
            """, "test.yaml");

    private final FakeExecutionContext context = new FakeExecutionContext();
    private final RecordedOutput output = new RecordedOutput(context);
    private final LocalCommands locals = new LocalCommands(context, () -> CONFIG,
            new AdminService(new SessionRegistry(), () -> CONFIG),
            "8.0.36-shardgate", new RouteForwarding(context, () -> null));

    @AfterEach
    void close() {
        output.close();
        context.close();
    }

    @Test
    void transactionStatementsGoToTheTransactionAndAnswerOk() {
        locals.local(Local.of(Local.Kind.BEGIN), output);
        assertThat(output.ok).isNotNull();
        locals.local(Local.of(Local.Kind.SAVEPOINT, "sp"), output);
        locals.local(Local.of(Local.Kind.ROLLBACK_TO_SAVEPOINT, "sp"), output);
        locals.local(Local.of(Local.Kind.COMMIT), output);
        // BEGIN lets go of table locks first, as on MySQL
        assertThat(context.calls).containsExactly("unlock tables except []", "bind UNLOCKS_TABLES", "begin",
                "savepoint SET sp", "savepoint ROLLBACK_TO sp", "commit");
        assertThat(output.error).isNull();
    }

    @Test
    void showWarningsAsksTheDefaultNode() {
        locals.local(Local.of(Local.Kind.SHOW_WARNINGS), output);
        assertThat(context.calls).containsExactly("acquire ds1 any");
        assertThat(context.node("ds1").nextCommand()).isEqualTo("SHOW WARNINGS");
        context.node("ds1").rows(List.of("Level", "Code", "Message"), List.of());
        assertThat(output.forwarded()).isNotEmpty();
    }

    @Test
    void useOfAnUnknownSchemaIs1049AndChangesNothing() {
        locals.local(Local.of(Local.Kind.USE_SCHEMA, "nowhere"), output);
        assertThat(output.error.errorCode()).isEqualTo(1049);
        assertThat(context.session().schema()).isEqualTo("shop");
        locals.local(Local.of(Local.Kind.USE_SCHEMA, "SHOP"), output);
        assertThat(output.ok).isNotNull();
    }
}
