package io.shardgate.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.ShardgateConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of the reload's layout check that need no backend; the rest runs in it-tests' SafeReloadIT. */
class LayoutGuardTest {

    private static final String NODES = """
            proxy:
              users: [{user: app, password: pw}]
            nodes:
              - {name: ds0, primary: 127.0.0.1:13306, user: u, password: p}
              - {name: ds1, primary: 127.0.0.1:13307, replicas: [127.0.0.1:13308], user: u, password: p}
            schemas:
              - name: shop
                default-node: ds0
                tables:
                  - {name: orders, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [1, 1]}
            """;

    @Test
    void aDefinitionIsRenamedAndQualified() {
        assertThat(LayoutGuard.renamed("CREATE TABLE `orders_0000` (\n  `id` bigint(20) NOT NULL\n) ENGINE=InnoDB",
                "orders_0000", "shop", "orders_0004"))
                .isEqualTo("CREATE TABLE IF NOT EXISTS `shop`.`orders_0004` (\n  `id` bigint(20) NOT NULL\n) ENGINE=InnoDB");
        // under ANSI_QUOTES the server prints double quotes
        assertThat(LayoutGuard.renamed("CREATE TABLE \"orders_0000\" (\"id\" int)", "orders_0000", "shop", "o_1"))
                .isEqualTo("CREATE TABLE IF NOT EXISTS `shop`.`o_1` (\"id\" int)");
        assertThatThrownBy(() -> LayoutGuard.renamed("CREATE TABLE `other` (id int)", "orders_0000", "shop", "x"))
                .hasMessage("unexpected SHOW CREATE TABLE output for orders_0000");
    }

    @Test
    void changesWithoutLayoutChangeNeverAskTheBackends() {
        ShardgateConfig before = ConfigLoader.parse(NODES, "a.yaml", name -> null);
        // replicas, pool, credentials and a new schema: no table's rows move
        ShardgateConfig after = ConfigLoader.parse(NODES
                .replace("replicas: [127.0.0.1:13308]", "replicas: [127.0.0.1:13308@5, 127.0.0.1:13309]")
                .replace("user: u, password: p}\n  - {name: ds1", "user: u2, password: p2, pool: {max: 3}}\n  - {name: ds1")
                + "  - {name: other, default-node: ds1}\n", "b.yaml", name -> null);
        LayoutGuard.Report report = LayoutGuard.check(before, after, "b.yaml", () -> {
            throw new AssertionError("no backend may be asked");
        });
        assertThat(report.notes()).isEmpty();
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void aTableLeavingTheConfigIsAWarningWithoutBackends() {
        ShardgateConfig before = ConfigLoader.parse(NODES, "a.yaml", name -> null);
        ShardgateConfig after = ConfigLoader.parse(NODES.substring(0, NODES.indexOf("    tables:")), "b.yaml",
                name -> null);
        LayoutGuard.Report report = LayoutGuard.check(before, after, "b.yaml", () -> {
            throw new AssertionError("no backend may be asked");
        });
        assertThat(report.warnings()).isEqualTo(List.of("schemas.shop.tables.orders: no longer listed; its physical "
                + "tables (orders_0000 on ds0, orders_0001 on ds1) keep their rows but are no longer reached through "
                + "the proxy: statements on shop.orders now go to the table of that name on ds0"));
    }
}
