package io.shardgate.router.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.router.topology.SchemaTopology;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which node is asked what, and which of the answering node's own rows stay. */
class MetadataScopeTest {

    private static final List<SchemaTopology> SCHEMAS = FoldRuleTest.schemas().stream()
            .sorted(java.util.Comparator.comparing(SchemaTopology::name)).toList();

    @Test
    void theFinalNodeKeepsItsOwnRowsButNeverPhysicalTablesOrOtherNodesSchemas() {
        MetadataScope scope = new MetadataScope("ds0", SCHEMAS, null);
        assertThat(scope.changesAnything()).isTrue();
        assertThat(scope.ownRows(MetadataView.TABLES)).isEqualTo("NOT (TABLE_SCHEMA = 'crm' OR (TABLE_SCHEMA = 'shop' "
                + "AND TABLE_NAME IN ('order_items_0000', 'order_items_0001', 'orders_0000', 'orders_0001')))");
        assertThat(scope.gathers(MetadataView.TABLES)).containsExactly(
                new MetadataScope.Gather("ds0", "SELECT * FROM information_schema.TABLES WHERE (TABLE_SCHEMA = 'shop' "
                        + "AND TABLE_NAME IN ('order_items_0000', 'orders_0000'))"),
                new MetadataScope.Gather("ds1", "SELECT * FROM information_schema.TABLES WHERE (TABLE_SCHEMA = 'shop' "
                        + "AND TABLE_NAME IN ('order_items_0001', 'orders_0001', 'rates'))"),
                new MetadataScope.Gather("ds2", "SELECT * FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'crm'"));
    }

    @Test
    void viewsTheSameOnEveryShardReadTheFirstOne() {
        MetadataScope scope = new MetadataScope("ds0", SCHEMAS.subList(1, 2), null);
        assertThat(scope.gathers(MetadataView.COLUMNS)).containsExactly(
                new MetadataScope.Gather("ds0", "SELECT * FROM information_schema.COLUMNS WHERE (TABLE_SCHEMA = 'shop' "
                        + "AND TABLE_NAME IN ('order_items_0000', 'orders_0000'))"),
                new MetadataScope.Gather("ds1", "SELECT * FROM information_schema.COLUMNS WHERE (TABLE_SCHEMA = 'shop' "
                        + "AND TABLE_NAME IN ('rates'))"));
    }

    @Test
    void aTableMattersWhenItsLogicalOrAPhysicalNamePasses() {
        MetadataScope byPhysical = new MetadataScope("ds0", SCHEMAS.subList(1, 2), "orders_0001"::equalsIgnoreCase);
        assertThat(byPhysical.ownRows(MetadataView.TABLES))
                .isEqualTo("NOT ((TABLE_SCHEMA = 'shop' AND TABLE_NAME IN ('orders_0000', 'orders_0001')))");
        MetadataScope unsharded = new MetadataScope("ds0", SCHEMAS.subList(1, 2), "notes"::equals);
        assertThat(unsharded.changesAnything()).isFalse();
    }

    @Test
    void schemataListsConfiguredSchemasOnly() {
        MetadataScope scope = new MetadataScope("ds0", SCHEMAS, null);
        assertThat(scope.ownRows(MetadataView.SCHEMATA)).isEqualTo("SCHEMA_NAME IN ('information_schema', 'shop')");
        assertThat(scope.gathers(MetadataView.SCHEMATA)).containsExactly(
                new MetadataScope.Gather("ds0", "SELECT * FROM information_schema.SCHEMATA WHERE 1 = 0"),
                new MetadataScope.Gather("ds2", "SELECT * FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'crm'"));
    }
}
