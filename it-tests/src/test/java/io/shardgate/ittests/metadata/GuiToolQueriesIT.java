package io.shardgate.ittests.metadata;

import static io.shardgate.ittests.metadata.MetadataSchema.assertNoPhysicalName;
import static io.shardgate.ittests.metadata.MetadataSchema.column;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The introspection queries DBeaver, MySQL Workbench, IntelliJ / DataGrip and Navicat send when they connect and
 * when a table is opened, replayed through the proxy against {@link MetadataSchema}: every answer shows the
 * logical schema (each logical table once, no physical shard table anywhere in any column).
 *
 * <p>Where each query comes from (the schema and table names are this test's):
 * <ul>
 *   <li>DBeaver: its MySQL plugin, {@code plugins/org.jkiss.dbeaver.ext.mysql/src/org/jkiss/dbeaver/ext/mysql/
 *       model/MySQLCatalog.java} (TableCache, IndexCache, ConstraintCache) and {@code MySQLTable.java}
 *       (loadAdditionalInfo, PartitionCache), github.com/dbeaver/dbeaver;</li>
 *   <li>MySQL Workbench: {@code backend/wbprivate/sqlide/wb_sql_editor_tree_controller.cpp} (the schema tree),
 *       {@code plugins/wb.sqlide/sqlide_catalogman_ext.py} (schema inspector) and
 *       {@code plugins/wb.sqlide/sqlide_tableman_ext.py} (table inspector), github.com/mysql/mysql-workbench;</li>
 *   <li>IntelliJ / DataGrip (closed source): queries its users and other proxies' authors captured from it,
 *       github.com/pingcap/tidb/issues/6949 (the columns introspection), github.com/apache/doris/issues/4331
 *       (schemas and collations), and the DataGrip cases of {@code internal/proxy/handler_test.go} in
 *       github.com/toolsHelp/Yearning-sql-proxy (tables, tables joined with views or columns, statistics,
 *       SHOW forms);</li>
 *   <li>Navicat (closed source): the statements its users listed in github.com/actiontech/dble/issues/633 (on
 *       connect and on opening a database) and github.com/radondb/radon/issues/157 and /167.</li>
 * </ul>
 */
@ExtendWith(SharedBackends.class)
class GuiToolQueriesIT {

    private static final String SCHEMA = "meta_gui";
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

    /** One query a tool sends ({@code {db}} the schema), and what its answer must show beyond naming no physical table. */
    private record ToolQuery(String tool, String sql, Consumer<List<Map<String, String>>> shows) {
    }

    private static ToolQuery q(String tool, String sql, Consumer<List<Map<String, String>>> shows) {
        return new ToolQuery(tool, sql.replace("{db}", SCHEMA), shows);
    }

    private static Consumer<List<Map<String, String>>> tables(String label) {
        return rows -> assertThat(column(rows, label).stream().map(String::toLowerCase).distinct().sorted())
                .containsExactlyInAnyOrderElementsOf(MetadataSchema.LOGICAL);
    }

    private static Consumer<List<Map<String, String>>> only(String label, String... values) {
        return rows -> assertThat(column(rows, label).stream().distinct()).containsExactlyInAnyOrder(values);
    }

    private static Consumer<List<Map<String, String>>> count(int n) {
        return rows -> assertThat(rows).hasSize(n);
    }

    private static final List<ToolQuery> QUERIES = List.of(
            // DBeaver: navigator (tables, then columns, indexes, unique keys of the catalog), table editor
            q("DBeaver", "SHOW FULL TABLES FROM `{db}`", tables("Tables_in_" + SCHEMA)),
            q("DBeaver", "SHOW FULL TABLES FROM `{db}` LIKE 'orders'", only("Tables_in_" + SCHEMA + " (orders)", "orders")),
            q("DBeaver", "SELECT * FROM information_schema.COLUMNS WHERE TABLE_SCHEMA='{db}' ORDER BY ORDINAL_POSITION",
                    tables("TABLE_NAME")),
            q("DBeaver", "SELECT * FROM information_schema.COLUMNS WHERE TABLE_SCHEMA='{db}' AND TABLE_NAME='order_items'"
                    + " ORDER BY ORDINAL_POSITION", rows -> assertThat(column(rows, "COLUMN_NAME"))
                    .containsExactly("item_id", "order_id", "user_id", "sku")),
            q("DBeaver", "SELECT * FROM information_schema.STATISTICS WHERE TABLE_SCHEMA='{db}' ORDER BY INDEX_NAME,"
                    + "SEQ_IN_INDEX", rows -> assertThat(rows.stream().filter(r -> r.get("TABLE_NAME").equals("orders"))
                    .map(r -> r.get("INDEX_NAME") + "." + r.get("SEQ_IN_INDEX"))).containsExactlyInAnyOrder(
                    "PRIMARY.1", "PRIMARY.2", "by_user.1")),
            q("DBeaver", "SELECT kc.CONSTRAINT_NAME,kc.TABLE_NAME,kc.COLUMN_NAME,kc.ORDINAL_POSITION\n"
                    + "FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE kc WHERE kc.TABLE_SCHEMA='{db}' AND "
                    + "kc.REFERENCED_TABLE_NAME IS NULL\nORDER BY kc.CONSTRAINT_NAME,kc.ORDINAL_POSITION", tables("TABLE_NAME")),
            q("DBeaver", "SHOW TABLE STATUS FROM `{db}` LIKE 'orders'", rows -> assertThat(rows).singleElement()
                    .satisfies(r -> assertThat(r.get("Rows")).isEqualTo(Integer.toString(MetadataSchema.ORDERS)))),
            q("DBeaver", "SELECT * FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA='{db}' AND TABLE_NAME='orders' "
                    + " ORDER BY PARTITION_ORDINAL_POSITION,SUBPARTITION_ORDINAL_POSITION", only("TABLE_NAME", "orders")),
            // MySQL Workbench: schema tree, schema inspector, table inspector
            q("Workbench", "SHOW FULL TABLES FROM `{db}`", tables("Tables_in_" + SCHEMA)),
            q("Workbench", "SHOW FULL COLUMNS FROM `{db}`.`orders`", rows -> assertThat(column(rows, "Field"))
                    .containsExactly("order_id", "user_id", "amount", "note")),
            q("Workbench", "SHOW INDEXES FROM `{db}`.`orders`", only("Table", "orders")),
            q("Workbench", "show table status from `{db}` where Comment <> 'VIEW'", tables("Name")),
            q("Workbench", "select * from information_schema.columns where table_schema = '{db}'", tables("TABLE_NAME")),
            q("Workbench", "show index from `order_items` from `{db}`", only("Table", "order_items")),
            q("Workbench", "select sum(data_length) + sum(index_length) database_size,count(*) table_count from "
                    + "information_schema.tables WHERE table_schema = '{db}'", rows -> assertThat(rows.getFirst()
                    .get("table_count")).isEqualTo(Integer.toString(MetadataSchema.LOGICAL.size()))),
            q("Workbench", "select * from information_schema.tables WHERE table_schema = '{db}' AND table_name = 'orders'",
                    rows -> assertThat(rows).singleElement().satisfies(r -> assertThat(r.get("TABLE_ROWS"))
                            .isEqualTo(Integer.toString(MetadataSchema.ORDERS)))),
            q("Workbench", "select count(*) column_count from information_schema.columns WHERE table_schema = '{db}' "
                    + "and table_name = 'orders'", only("column_count", "4")),
            q("Workbench", "select constraint_name, constraint_schema, table_name, column_name, referenced_table_schema, "
                    + "referenced_table_name, referenced_column_name FROM information_schema.KEY_COLUMN_USAGE WHERE "
                    + "((REFERENCED_TABLE_SCHEMA = '{db}' AND referenced_table_name = 'orders') OR "
                    + "(TABLE_SCHEMA='{db}' and table_name = 'orders')) AND REFERENCED_TABLE_NAME is not null "
                    + "ORDER BY TABLE_NAME, COLUMN_NAME;", only("referenced_table_name", "orders")),
            q("Workbench", "select partition_name FROM information_schema.partitions WHERE TABLE_SCHEMA = '{db}' AND "
                    + "TABLE_NAME = 'orders' AND PARTITION_NAME IS NOT NULL ORDER BY PARTITION_NAME", count(0)),
            // IntelliJ / DataGrip
            q("DataGrip", "select schema_name as name from information_schema.schemata order by if(schema() = "
                    + "schema_name, 1, 2), schema_name", rows -> assertThat(column(rows, "name"))
                    .containsExactly(SCHEMA, "information_schema")),
            q("DataGrip", "select collation_name, character_set_name, is_default collate utf8_general_ci = 'Yes' as "
                    + "is_default from information_schema.collations", rows -> assertThat(rows).isNotEmpty()),
            q("DataGrip", "select ordinal_position, column_name, column_type, column_default, generation_expression, "
                    + "table_name, column_comment, is_nullable, extra, collation_name from information_schema.columns "
                    + "where table_schema = '{db}' order by table_name, ordinal_position", tables("table_name")),
            q("DataGrip", "select T.table_name as table_name, T.table_type as table_type from information_schema.tables T "
                    + "left join information_schema.views V on T.table_schema = V.table_schema and T.table_name = "
                    + "V.table_name where T.table_schema = '{db}' and true", tables("table_name")),
            q("DataGrip", "select T.table_schema as schema_name, T.table_name as major_name, C.ordinal_position as position "
                    + "from information_schema.tables T, information_schema.columns C where T.table_schema in ( '{db}' ) "
                    + "and T.table_schema = C.table_schema and T.table_name = C.table_name", tables("major_name")),
            q("DataGrip", "select 1 from information_schema.tables where lower(table_schema) = '{db}' and "
                    + "lower(table_name) = 'orders'", count(1)),
            q("DataGrip", "select table_name, index_name from information_schema.statistics where table_schema = '{db}'",
                    tables("table_name")),
            q("DataGrip", "show full columns from `orders` from `{db}` like '%'", count(4)),
            q("DataGrip", "show index from `orders` from `{db}`", only("Table", "orders")),
            // Navicat
            q("Navicat", "SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM "
                    + "information_schema.SCHEMATA", only("SCHEMA_NAME", "information_schema", SCHEMA)),
            q("Navicat", "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{db}' UNION SELECT "
                    + "COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{db}' UNION SELECT COUNT(*) FROM "
                    + "information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '{db}'", rows -> assertThat(column(rows,
                    "COUNT(*)")).containsExactly("5", "14", "0")),
            q("Navicat", "SHOW FULL TABLES WHERE Table_type != 'VIEW'", tables("Tables_in_" + SCHEMA)),
            q("Navicat", "SHOW TABLE STATUS", tables("Name")),
            q("Navicat", "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                    + "'{db}' ORDER BY TABLE_SCHEMA, TABLE_TYPE", tables("TABLE_NAME")),
            q("Navicat", "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS "
                    + "WHERE TABLE_SCHEMA = '{db}' ORDER BY TABLE_SCHEMA, TABLE_NAME", tables("TABLE_NAME")),
            q("Navicat", "SHOW FULL TABLES", tables("Tables_in_" + SCHEMA)));

    @TestFactory
    Stream<DynamicTest> eachToolSeesTheLogicalSchema() {
        return QUERIES.stream().map(tq -> DynamicTest.dynamicTest(tq.tool() + ": " + tq.sql(), () -> {
            try (Connection c = proxy.connect("")) {
                List<Map<String, String>> rows = MetadataSchema.rows(c, tq.sql());
                assertNoPhysicalName(rows, tq.tool() + ": " + tq.sql());
                tq.shows().accept(rows);
            }
        }));
    }

}
