package io.shardgate.ittests.metadata;

import static io.shardgate.ittests.metadata.MetadataSchema.assertNoPhysicalName;
import static io.shardgate.ittests.metadata.MetadataSchema.column;
import static io.shardgate.ittests.metadata.MetadataSchema.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * information_schema and the SHOW statements that name tables, read through the proxy: each logical table once
 * and no physical table, whatever the query's predicates, with row counts and sizes summed over shards from
 * what each backend reports (compared here with each backend read directly).
 */
@ExtendWith(SharedBackends.class)
class InformationSchemaIT {

    private static final String SCHEMA = "meta_is";
    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends backends) throws Exception {
        proxy = MetadataSchema.start(backends, SCHEMA);
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static List<Map<String, String>> query(String sql) throws Exception {
        try (Connection c = proxy.connect("")) {
            List<Map<String, String>> rows = rows(c, sql);
            assertNoPhysicalName(rows, sql);
            return rows;
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "TABLE_SCHEMA = 'meta_is'                                        | countries,notes,orders,order_items,rates",
        "TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE '%'               | countries,notes,orders,order_items,rates",
        "TABLE_SCHEMA = 'meta_is' AND TABLE_NAME = 'orders'              | orders",
        "TABLE_SCHEMA = 'meta_is' AND TABLE_NAME LIKE 'order%'           | orders,order_items",
        "TABLE_SCHEMA = 'meta_is' AND TABLE_NAME LIKE 'order_items'      | order_items",
        "TABLE_SCHEMA = 'meta_is' AND TABLE_NAME IN ('orders', 'rates', 'nope') | orders,rates",
        "TABLE_SCHEMA IN ('meta_is', 'mysql') AND TABLE_NAME LIKE 'orders%'     | orders",
        "lower(table_schema) = 'meta_is' AND lower(table_name) = 'orders'       | orders",
        "TABLE_SCHEMA = 'meta_is' AND TABLE_NAME = 'orders_0002'         | ''",
        "TABLE_SCHEMA = 'meta_is' AND TABLE_NAME LIKE 'orders\\_000%'     | ''",
        "TABLE_SCHEMA = 'meta_is' AND TABLE_NAME NOT LIKE 'c%'           | notes,orders,order_items,rates",
        "TABLE_SCHEMA = 'meta_is' AND TABLE_ROWS > 10                    | orders,order_items",
    })
    void tablesShowEachLogicalTableOnce(String where, String expected) throws Exception {
        List<Map<String, String>> rows = query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE " + where
                + " ORDER BY TABLE_NAME");
        assertThat(column(rows, "TABLE_NAME")).as(where)
                .containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected.split(",")));
    }

    /**
     * Every schema of the node: this one's logical tables (the shared backends also hold other tests' databases,
     * which this proxy does not know, shown as the node has them).
     */
    @Test
    void noPredicateListsEveryLogicalTableOnceAndNoPhysicalOne() throws Exception {
        List<Map<String, String>> rows;
        try (Connection c = proxy.connect("")) {
            rows = rows(c, "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES");
        }
        List<Map<String, String>> ours = rows.stream().filter(r -> SCHEMA.equals(r.get("TABLE_SCHEMA"))).toList();
        assertNoPhysicalName(ours, "information_schema.TABLES");
        assertThat(column(ours, "TABLE_NAME")).containsExactlyInAnyOrderElementsOf(MetadataSchema.LOGICAL);
        assertThat(column(rows, "TABLE_SCHEMA")).contains("information_schema");
    }

    @Test
    void rowCountsAndSizesAreSummedOverShards() throws Exception {
        List<Map<String, String>> rows = query("SELECT TABLE_NAME, TABLE_ROWS, DATA_LENGTH, INDEX_LENGTH, "
                + "AVG_ROW_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'meta_is' ORDER BY TABLE_NAME");
        Map<String, String> orders = rows.stream().filter(r -> r.get("TABLE_NAME").equals("orders")).findFirst()
                .orElseThrow();
        long rowsOnShards = MetadataSchema.backendFigures(proxy, "orders", "TABLE_ROWS").stream()
                .mapToLong(Long::longValue).sum();
        long dataOnShards = MetadataSchema.backendFigures(proxy, "orders", "DATA_LENGTH").stream()
                .mapToLong(Long::longValue).sum();
        long indexOnShards = MetadataSchema.backendFigures(proxy, "orders", "INDEX_LENGTH").stream()
                .mapToLong(Long::longValue).sum();
        assertThat(MetadataSchema.backendFigures(proxy, "orders", "TABLE_ROWS")).hasSize(4);
        assertThat(rowsOnShards).as("the backends' own estimate, after ANALYZE").isEqualTo(MetadataSchema.ORDERS);
        assertThat(Long.parseLong(orders.get("TABLE_ROWS"))).isEqualTo(rowsOnShards);
        assertThat(Long.parseLong(orders.get("DATA_LENGTH"))).isEqualTo(dataOnShards);
        assertThat(Long.parseLong(orders.get("INDEX_LENGTH"))).isEqualTo(indexOnShards);
        assertThat(Long.parseLong(orders.get("AVG_ROW_LENGTH"))).isEqualTo(dataOnShards / rowsOnShards);
        Map<String, String> countries = rows.stream().filter(r -> r.get("TABLE_NAME").equals("countries")).findFirst()
                .orElseThrow();
        assertThat(countries.get("TABLE_ROWS")).as("a broadcast table: one copy's count").isEqualTo("3");
    }

    @Test
    void columnsOfEachTableOnceInOrder() throws Exception {
        List<Map<String, String>> rows = query("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_COMMENT FROM "
                + "information_schema.COLUMNS WHERE TABLE_SCHEMA = 'meta_is' ORDER BY TABLE_NAME, ORDINAL_POSITION");
        assertThat(rows.stream().filter(r -> r.get("TABLE_NAME").equals("orders")).map(r -> r.get("COLUMN_NAME")))
                .containsExactly("order_id", "user_id", "amount", "note");
        assertThat(rows.stream().filter(r -> r.get("TABLE_NAME").equals("rates")).map(r -> r.get("COLUMN_NAME")))
                .containsExactly("currency", "rate");
        assertThat(rows.stream().map(r -> r.get("TABLE_NAME")).distinct()).containsExactlyElementsOf(MetadataSchema.LOGICAL);
        assertThat(rows).filteredOn(r -> "note".equals(r.get("COLUMN_NAME"))).singleElement()
                .extracting(r -> r.get("COLUMN_COMMENT")).isEqualTo("free text");
    }

    @Test
    void statisticsAndShowIndexSumCardinalityOverShards() throws Exception {
        List<Map<String, String>> rows = query("SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, CARDINALITY "
                + "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'meta_is' AND TABLE_NAME = 'orders' "
                + "ORDER BY INDEX_NAME, SEQ_IN_INDEX");
        assertThat(rows).extracting(r -> r.get("INDEX_NAME") + "." + r.get("SEQ_IN_INDEX") + "." + r.get("COLUMN_NAME"))
                .containsExactly("by_user.1.user_id", "PRIMARY.1.order_id", "PRIMARY.2.user_id");
        long primaryOnShards = 0;
        for (int p = 0; p < 2; p++) {
            try (Connection c = proxy.direct(p, "")) {
                for (Map<String, String> r : rows(c, "SELECT CARDINALITY FROM information_schema.STATISTICS WHERE "
                        + "TABLE_SCHEMA = 'meta_is' AND TABLE_NAME LIKE 'orders\\_%' AND INDEX_NAME = 'PRIMARY' "
                        + "AND SEQ_IN_INDEX = 2")) {
                    primaryOnShards += Long.parseLong(r.get("CARDINALITY"));
                }
            }
        }
        assertThat(primaryOnShards).isEqualTo(MetadataSchema.ORDERS);
        assertThat(rows.get(2).get("CARDINALITY")).isEqualTo(Long.toString(primaryOnShards));
        List<Map<String, String>> show = query("SHOW INDEX FROM orders");
        assertThat(show).extracting(r -> r.get("Table") + "." + r.get("Key_name") + "." + r.get("Column_name"))
                .containsExactly("orders.PRIMARY.order_id", "orders.PRIMARY.user_id", "orders.by_user.user_id");
        assertThat(show.get(1).get("Cardinality")).isEqualTo(Long.toString(primaryOnShards));
    }

    @Test
    void keysAndConstraintsNameLogicalTables() throws Exception {
        List<Map<String, String>> keys = query("SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, "
                + "REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = 'meta_is' "
                + "AND TABLE_NAME = 'order_items' ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION");
        assertThat(keys).extracting(r -> r.get("CONSTRAINT_NAME") + ":" + r.get("COLUMN_NAME") + "->"
                + r.get("REFERENCED_TABLE_NAME") + "." + r.get("REFERENCED_COLUMN_NAME"))
                .containsExactly("order_items_ibfk_1:order_id->orders.order_id", "order_items_ibfk_1:user_id->orders.user_id",
                        "PRIMARY:item_id->null.null");
        // MySQL Workbench's foreign keys of a table, both directions
        List<Map<String, String>> referencing = query("SELECT constraint_name, table_name, referenced_table_name FROM "
                + "information_schema.KEY_COLUMN_USAGE WHERE ((REFERENCED_TABLE_SCHEMA = 'meta_is' AND "
                + "referenced_table_name = 'orders') OR (TABLE_SCHEMA='meta_is' and table_name = 'orders')) AND "
                + "REFERENCED_TABLE_NAME is not null ORDER BY TABLE_NAME, COLUMN_NAME");
        assertThat(column(referencing, "table_name")).containsExactly("order_items", "order_items");
        List<Map<String, String>> constraints = query("SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM "
                + "information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = 'meta_is' ORDER BY TABLE_NAME, CONSTRAINT_NAME");
        assertThat(constraints).extracting(r -> r.get("TABLE_NAME") + "." + r.get("CONSTRAINT_NAME"))
                .containsExactly("countries.PRIMARY", "notes.PRIMARY", "orders.PRIMARY",
                        "order_items.order_items_ibfk_1", "order_items.PRIMARY", "rates.PRIMARY");
        List<Map<String, String>> referential = query("SELECT CONSTRAINT_NAME, TABLE_NAME, REFERENCED_TABLE_NAME FROM "
                + "information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = 'meta_is'");
        assertThat(referential).extracting(r -> r.get("CONSTRAINT_NAME") + ":" + r.get("TABLE_NAME") + "->"
                + r.get("REFERENCED_TABLE_NAME")).containsExactly("order_items_ibfk_1:order_items->orders");
    }

    @Test
    void partitionsOfAShardedTableAddUp() throws Exception {
        List<Map<String, String>> rows = query("SELECT TABLE_NAME, PARTITION_NAME, TABLE_ROWS FROM "
                + "information_schema.PARTITIONS WHERE TABLE_SCHEMA = 'meta_is' AND TABLE_NAME = 'orders'");
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.get("PARTITION_NAME")).isNull();
            assertThat(r.get("TABLE_ROWS")).isEqualTo(Integer.toString(MetadataSchema.ORDERS));
        });
    }

    @Test
    void aJoinBetweenViews() throws Exception {
        List<Map<String, String>> rows = query("SELECT t.TABLE_NAME, COUNT(c.COLUMN_NAME) AS n FROM "
                + "information_schema.TABLES t JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA "
                + "AND c.TABLE_NAME = t.TABLE_NAME WHERE t.TABLE_SCHEMA = 'meta_is' GROUP BY t.TABLE_NAME "
                + "ORDER BY t.TABLE_NAME");
        assertThat(rows).extracting(r -> r.get("TABLE_NAME") + "=" + r.get("n"))
                .containsExactly("countries=2", "notes=2", "orders=4", "order_items=4", "rates=2");
    }

    @Test
    void schemataListsTheConfiguredSchemas() throws Exception {
        List<Map<String, String>> rows = query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY 1");
        assertThat(column(rows, "SCHEMA_NAME")).containsExactly("information_schema", SCHEMA);
    }

    @Test
    void showTableStatusFoldsShards() throws Exception {
        List<Map<String, String>> all = query("SHOW TABLE STATUS");
        assertThat(column(all, "Name")).containsExactlyElementsOf(MetadataSchema.LOGICAL);
        assertThat(all.getFirst().keySet()).startsWith("Name", "Engine", "Version", "Row_format", "Rows");
        List<Map<String, String>> orders = query("SHOW TABLE STATUS FROM `meta_is` LIKE 'orders'");
        assertThat(orders).singleElement().satisfies(r -> {
            assertThat(r.get("Rows")).isEqualTo(Integer.toString(MetadataSchema.ORDERS));
            assertThat(r.get("Comment")).isEqualTo("one row per order");
            assertThat(r.get("Engine")).isEqualTo("InnoDB");
        });
        List<Map<String, String>> filtered = query("SHOW TABLE STATUS FROM meta_is WHERE Comment <> 'VIEW' AND `Rows` > 10");
        assertThat(column(filtered, "Name")).containsExactly("orders", "order_items");
    }

    @Test
    void showFullColumnsOfAShardedTable() throws Exception {
        List<Map<String, String>> rows = query("SHOW FULL COLUMNS FROM `orders` FROM `meta_is` LIKE '%'");
        assertThat(column(rows, "Field")).containsExactly("order_id", "user_id", "amount", "note");
        assertThat(rows.get(3).get("Comment")).isEqualTo("free text");
    }

    /** The exact query Connector/J 9's getTables sends for Hibernate 6's default schema validation. */
    @Test
    void connectorJsGetTablesForEveryTable() throws Exception {
        List<Map<String, String>> rows = query("SELECT TABLE_SCHEMA AS TABLE_CAT, NULL AS TABLE_SCHEM, TABLE_NAME, "
                + "CASE WHEN TABLE_TYPE='BASE TABLE' THEN CASE WHEN TABLE_SCHEMA = 'mysql' OR TABLE_SCHEMA = "
                + "'performance_schema' THEN 'SYSTEM TABLE' ELSE 'TABLE' END WHEN TABLE_TYPE='TEMPORARY' THEN "
                + "'LOCAL_TEMPORARY' ELSE TABLE_TYPE END AS TABLE_TYPE, TABLE_COMMENT AS REMARKS, NULL AS TYPE_CAT, "
                + "NULL AS TYPE_SCHEM, NULL AS TYPE_NAME, NULL AS SELF_REFERENCING_COL_NAME, NULL AS REF_GENERATION "
                + "FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'meta_is' AND TABLE_NAME LIKE '%' HAVING "
                + "TABLE_TYPE IN ('TABLE','VIEW',null,null,null) ORDER BY TABLE_TYPE, TABLE_SCHEMA, TABLE_NAME");
        assertThat(column(rows, "TABLE_NAME")).containsExactlyElementsOf(MetadataSchema.LOGICAL);
        assertThat(column(rows, "TABLE_TYPE")).containsOnly("TABLE");
    }

    @Test
    void preparedOnTheServer() throws Exception {
        try (Connection c = proxy.connect("useServerPrepStmts=true");
             var ps = c.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
                     + "AND TABLE_NAME LIKE ? ORDER BY TABLE_NAME")) {
            ps.setString(1, SCHEMA);
            ps.setString(2, "order%");
            List<String> names = new java.util.ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            assertThat(names).containsExactly("orders", "order_items");
        }
    }

    @Test
    void explainFormatShardgateShowsTheProxysPlan() throws Exception {
        List<Map<String, String>> plan;
        try (Connection c = proxy.connect("")) {
            // the plan names the physical tables each shard reads: that is what it is for
            plan = rows(c, "EXPLAIN FORMAT=shardgate SELECT order_id FROM orders ORDER BY order_id LIMIT 3");
        }
        assertThat(column(plan, "operation")).containsExactly("Limit", "Sort", "MergeShards", "Route", "Route", "Route",
                "Route");
        assertThat(column(plan, "depth")).containsExactly("0", "1", "2", "3", "3", "3", "3");
        assertThat(column(plan, "node")).containsExactly(null, null, null, "ds0", "ds0", "ds1", "ds1");
        assertThat(plan.get(3).get("detail")).startsWith("Route ds0").contains("FROM orders_0000").contains("LIMIT 3");
        // plain EXPLAIN: the backends' own rows, from the shards the statement reaches (their table names too)
        try (Connection c = proxy.connect("")) {
            List<Map<String, String>> backend = rows(c, "EXPLAIN SELECT * FROM orders WHERE user_id = 1");
            assertThat(backend).singleElement().satisfies(r -> assertThat(r.get("table")).isEqualTo("orders_0001"));
        }
    }
}
