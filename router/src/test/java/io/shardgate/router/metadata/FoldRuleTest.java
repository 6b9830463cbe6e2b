package io.shardgate.router.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ConfigLoader;
import io.shardgate.router.topology.SchemaTopology;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Folding a node's rows about physical tables into logical rows, per view. */
class FoldRuleTest {

    static final String YAML = """
            proxy:
              listen: 127.0.0.1:3307
              users: [{user: app, password: app}]
            nodes:
              - {name: ds0, primary: 127.0.0.1:1, user: u, password: p}
              - {name: ds1, primary: 127.0.0.1:2, user: u, password: p}
              - {name: ds2, primary: 127.0.0.1:3, user: u, password: p}
            schemas:
              - name: shop
                default-node: ds0
                tables:
                  - {name: orders, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: [1, 1]}
                  - {name: order_items, binding: orders, shard-key: user_id}
                  - {name: countries, broadcast: true}
                  - {name: rates, broadcast: true, nodes: [ds1]}
              - name: crm
                default-node: ds2
            """;

    static List<SchemaTopology> schemas() {
        return ConfigLoader.parse(YAML, "test.yaml").schemas().stream().map(SchemaTopology::of).toList();
    }

    private static final TableNames NAMES = new TableNames(schemas());

    private static MetadataRows rows(List<String> columns, List<MetadataRows.ValueKind> kinds, String[]... rows) {
        return new MetadataRows(columns, kinds, Arrays.stream(rows).map(Arrays::asList).toList());
    }

    private static final List<String> TABLE_COLUMNS = List.of("TABLE_SCHEMA", "TABLE_NAME", "TABLE_ROWS",
            "AVG_ROW_LENGTH", "DATA_LENGTH", "AUTO_INCREMENT", "CREATE_TIME", "TABLE_COMMENT");
    private static final List<MetadataRows.ValueKind> TABLE_KINDS = List.of(MetadataRows.ValueKind.TEXT,
            MetadataRows.ValueKind.TEXT, MetadataRows.ValueKind.NUMBER, MetadataRows.ValueKind.NUMBER,
            MetadataRows.ValueKind.NUMBER, MetadataRows.ValueKind.NUMBER, MetadataRows.ValueKind.DATETIME,
            MetadataRows.ValueKind.TEXT);

    @Test
    void shardsOfATableAddUpIntoOneRow() {
        MetadataRows ds0 = rows(TABLE_COLUMNS, TABLE_KINDS,
                new String[] {"shop", "orders_0000", "3", "5461", "16384", "11", "2024-05-01 10:00:00", "c"},
                new String[] {"shop", "countries", "2", "8192", "16384", null, "2024-01-01 00:00:00", ""});
        MetadataRows ds1 = rows(TABLE_COLUMNS, TABLE_KINDS,
                new String[] {"shop", "orders_0001", "5", "6553", "32768", "27", "2024-04-01 09:00:00", "c"});
        List<List<String>> folded = MetadataView.TABLES.rule().fold(List.of(ds0, ds1), ds0, NAMES, null);
        assertThat(folded).containsExactly(
                List.of("shop", "orders", "8", "6144", "49152", "27", "2024-04-01 09:00:00", "c"),
                Arrays.asList("shop", "countries", "2", "8192", "16384", null, "2024-01-01 00:00:00", ""));
    }

    @Test
    void aColumnAnInputLacksIsNull() {
        MetadataRows target = rows(List.of("TABLE_SCHEMA", "TABLE_NAME", "MAX_INDEX_LENGTH"),
                List.of(MetadataRows.ValueKind.TEXT, MetadataRows.ValueKind.TEXT, MetadataRows.ValueKind.NUMBER));
        MetadataRows other = rows(List.of("table_schema", "table_name"), List.of(MetadataRows.ValueKind.TEXT,
                MetadataRows.ValueKind.TEXT), new String[] {"shop", "ORDERS_0001"});
        assertThat(MetadataView.TABLES.rule().fold(List.of(target, other), target, NAMES, null))
                .containsExactly(Arrays.asList("shop", "orders", null));
    }

    @Test
    void keysNameTheLogicalTablesAndTheirConstraints() {
        List<String> columns = List.of("CONSTRAINT_NAME", "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME",
                "REFERENCED_TABLE_SCHEMA", "REFERENCED_TABLE_NAME");
        MetadataRows ds1 = rows(columns, columns.stream().map(c -> MetadataRows.ValueKind.TEXT).toList(),
                new String[] {"order_items_0001_ibfk_1", "shop", "order_items_0001", "user_id", "shop", "orders_0001"},
                new String[] {"PRIMARY", "shop", "order_items_0001", "item_id", null, null},
                new String[] {"PRIMARY", "crm", "order_items_0001", "id", null, null});
        assertThat(MetadataView.KEY_COLUMN_USAGE.rule().fold(List.of(ds1), ds1, NAMES, null)).containsExactly(
                List.of("order_items_ibfk_1", "shop", "order_items", "user_id", "shop", "orders"),
                Arrays.asList("PRIMARY", "shop", "order_items", "item_id", null, null),
                Arrays.asList("PRIMARY", "crm", "order_items_0001", "id", null, null));
    }

    @Test
    void showIndexSumsCardinalityOfOneTable() {
        List<String> columns = List.of("Table", "Non_unique", "Key_name", "Seq_in_index", "Cardinality");
        List<MetadataRows.ValueKind> kinds = List.of(MetadataRows.ValueKind.TEXT, MetadataRows.ValueKind.NUMBER,
                MetadataRows.ValueKind.TEXT, MetadataRows.ValueKind.NUMBER, MetadataRows.ValueKind.NUMBER);
        MetadataRows s0 = rows(columns, kinds, new String[] {"orders_0000", "0", "PRIMARY", "1", "3"},
                new String[] {"orders_0000", "1", "by_user", "1", null});
        MetadataRows s1 = rows(columns, kinds, new String[] {"orders_0001", "0", "PRIMARY", "1", "4"},
                new String[] {"orders_0001", "1", "by_user", "1", "2"});
        assertThat(MetadataView.SHOW_INDEX.fold(List.of(s0, s1), s0, NAMES, "shop")).containsExactly(
                List.of("orders", "0", "PRIMARY", "1", "7"), List.of("orders", "1", "by_user", "1", "2"));
    }
}
