package io.shardgate.proxy.execute.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ConfigLoader;
import io.shardgate.proxy.execute.FakeExecutionContext;
import io.shardgate.proxy.execute.LogicalTableNames;
import io.shardgate.proxy.execute.RecordedOutput;
import io.shardgate.proxy.execute.RouteForwarding;
import io.shardgate.router.metadata.MetadataView;
import io.shardgate.router.metadata.TableNames;
import io.shardgate.router.plan.CatalogFold;
import io.shardgate.router.plan.CatalogRead;
import io.shardgate.router.plan.Route;
import io.shardgate.router.topology.SchemaTopology;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Metadata folded from every node's: the gathers one after another, then the query or the folded rows. */
class CatalogReadsTest {

    private static final TableNames NAMES = new TableNames(ConfigLoader.parse("""
            proxy: {users: [{user: app, password: app}]}
            nodes:
              - {name: ds0, primary: 127.0.0.1:3306, user: u, password: p}
              - {name: ds1, primary: 127.0.0.1:3307, user: u, password: p}
            schemas:
              - name: shop
                default-node: ds0
                tables:
                  - {name: orders, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: [1, 1]}
            """, "test.yaml").schemas().stream().map(SchemaTopology::of).toList());

    private final FakeExecutionContext context = new FakeExecutionContext();
    private final RecordedOutput output = new RecordedOutput(context);
    private final CatalogReads reads = new CatalogReads(context, new RouteForwarding(context, () -> (LogicalTableNames) null));

    @AfterEach
    void close() {
        output.close();
        context.close();
    }

    @Test
    void theQueryRunsOverTheNodesOwnRowsAndTheFoldedOnes() {
        CatalogRead plan = new CatalogRead(new Route("ds0", "SELECT TABLE_NAME FROM information_schema.TABLES", false),
                List.of("SELECT TABLE_NAME FROM ", ""), List.of(new CatalogRead.Reference(0, "TABLES")),
                List.of(new CatalogRead.Source(MetadataView.TABLES, "NOT (TABLE_NAME IN ('orders_0000', 'orders_0001'))",
                        List.of(new Route("ds0", "gather ds0", false), new Route("ds1", "gather ds1", false)))),
                NAMES);
        reads.read(plan, output);
        assertThat(context.node("ds0").nextCommand()).isEqualTo("gather ds0");
        assertThat(context.node("ds1").nextCommand()).as("one gather at a time").isNull();
        context.node("ds0").rows(List.of("TABLE_SCHEMA", "TABLE_NAME", "TABLE_ROWS"),
                List.of(List.of("shop", "orders_0000", "3")));
        assertThat(context.node("ds1").nextCommand()).isEqualTo("gather ds1");
        context.node("ds1").rows(List.of("TABLE_SCHEMA", "TABLE_NAME", "TABLE_ROWS"),
                List.of(List.of("shop", "orders_0001", "4")));
        assertThat(context.node("ds0").nextCommand()).isEqualTo("SELECT TABLE_NAME FROM (SELECT * FROM "
                + "information_schema.TABLES WHERE NOT (TABLE_NAME IN ('orders_0000', 'orders_0001')) UNION ALL "
                + "SELECT 'shop', 'orders', '7') AS `TABLES`");
    }

    @Test
    void aShowFoldedOverShardsIsAnsweredByTheProxy() {
        CatalogFold plan = new CatalogFold(List.of(new Route("ds0", "SHOW INDEX FROM orders_0000", false),
                new Route("ds1", "SHOW INDEX FROM orders_0001", false)), MetadataView.SHOW_INDEX, "shop", NAMES);
        reads.fold(plan, output);
        context.node("ds0").nextCommand();
        context.node("ds0").rows(List.of("Table", "Key_name", "Seq_in_index", "Cardinality"),
                List.of(List.of("orders_0000", "PRIMARY", "1", "3")));
        context.node("ds1").nextCommand();
        context.node("ds1").rows(List.of("Table", "Key_name", "Seq_in_index", "Cardinality"),
                List.of(Arrays.asList("orders_0001", "PRIMARY", "1", "4")));
        assertThat(output.result.rows()).containsExactly(List.of("orders", "PRIMARY", "1", "7"));
    }

    @Test
    void aGathersErrorIsTheClients() {
        reads.fold(new CatalogFold(List.of(new Route("ds0", "SHOW INDEX FROM orders_0000", false)),
                MetadataView.SHOW_INDEX, "shop", NAMES), output);
        context.node("ds0").nextCommand();
        context.node("ds0").err(1146, "42S02", "Table 'shop.orders_0000' doesn't exist");
        assertThat(output.error.errorCode()).isEqualTo(1146);
    }
}
