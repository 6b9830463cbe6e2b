package io.shardgate.router.metadata;

import java.util.List;
import java.util.Set;

/**
 * The information_schema views that name tables and that the proxy answers with logical tables, and the SHOW
 * statements answered the same way. Each says which column holds a row's schema and table, and how rows of
 * a table's physical tables fold into one ({@link FoldRule}). Views whose rows add up over shards (TABLES,
 * PARTITIONS, STATISTICS) read every physical table; the others read a table's first physical table, which
 * every shard has the same way.
 */
public enum MetadataView {

    TABLES("TABLE_SCHEMA", "TABLE_NAME", true, List.of("TABLE_SCHEMA", "TABLE_NAME"),
            Set.of("TABLE_ROWS", "DATA_LENGTH", "MAX_DATA_LENGTH", "INDEX_LENGTH", "DATA_FREE"),
            Set.of("AUTO_INCREMENT", "UPDATE_TIME", "CHECK_TIME"), Set.of("CREATE_TIME"),
            new FoldRule.Average("AVG_ROW_LENGTH", "DATA_LENGTH", "TABLE_ROWS")),
    COLUMNS("TABLE_SCHEMA", "TABLE_NAME", false, List.of(), Set.of(), Set.of(), Set.of(), null),
    STATISTICS("TABLE_SCHEMA", "TABLE_NAME", true, List.of("TABLE_SCHEMA", "TABLE_NAME", "INDEX_NAME", "SEQ_IN_INDEX"),
            Set.of("CARDINALITY"), Set.of(), Set.of(), null),
    KEY_COLUMN_USAGE("TABLE_SCHEMA", "TABLE_NAME", false, List.of(), Set.of(), Set.of(), Set.of(), null),
    TABLE_CONSTRAINTS("TABLE_SCHEMA", "TABLE_NAME", false, List.of(), Set.of(), Set.of(), Set.of(), null),
    REFERENTIAL_CONSTRAINTS("CONSTRAINT_SCHEMA", "TABLE_NAME", false, List.of(), Set.of(), Set.of(), Set.of(), null),
    PARTITIONS("TABLE_SCHEMA", "TABLE_NAME", true,
            List.of("TABLE_SCHEMA", "TABLE_NAME", "PARTITION_NAME", "SUBPARTITION_NAME"),
            Set.of("TABLE_ROWS", "DATA_LENGTH", "MAX_DATA_LENGTH", "INDEX_LENGTH", "DATA_FREE"),
            Set.of("UPDATE_TIME", "CHECK_TIME"), Set.of("CREATE_TIME"),
            new FoldRule.Average("AVG_ROW_LENGTH", "DATA_LENGTH", "TABLE_ROWS")),
    /** One row per database: the configured schemas and information_schema, as SHOW DATABASES lists them. */
    SCHEMATA("SCHEMA_NAME", null, false, List.of(), Set.of(), Set.of(), Set.of(), null);

    /** {@code SHOW INDEX FROM t}: the first shard's rows, Cardinality summed over shards. */
    public static final FoldRule SHOW_INDEX = new FoldRule(null, List.of(new FoldRule.TableColumn("Table", null)),
            List.of("Key_name"), List.of("Key_name", "Seq_in_index"), Set.of("Cardinality"), Set.of(), Set.of(), null);

    private final String schemaColumn;
    private final String tableColumn;
    private final boolean everyShard;
    private final FoldRule rule;

    MetadataView(String schemaColumn, String tableColumn, boolean everyShard, List<String> key, Set<String> sum,
                 Set<String> max, Set<String> min, FoldRule.Average average) {
        this.schemaColumn = schemaColumn;
        this.tableColumn = tableColumn;
        this.everyShard = everyShard;
        List<FoldRule.TableColumn> tables = tableColumn == null ? List.of() : List.of(
                new FoldRule.TableColumn(tableColumn, null),
                new FoldRule.TableColumn("REFERENCED_TABLE_NAME", "REFERENCED_TABLE_SCHEMA"));
        this.rule = new FoldRule(schemaColumn, tables, List.of("CONSTRAINT_NAME", "INDEX_NAME"), key, sum, max, min,
                average);
    }

    /** The view named {@code name} (any case), or null for a view the proxy passes through as it is. */
    public static MetadataView of(String name) {
        for (MetadataView v : values()) {
            if (v.name().equalsIgnoreCase(name)) {
                return v;
            }
        }
        return null;
    }

    /** The column holding a row's schema ({@code TABLE_SCHEMA}). */
    public String schemaColumn() {
        return schemaColumn;
    }

    /** The column holding a row's table, or null for SCHEMATA. */
    public String tableColumn() {
        return tableColumn;
    }

    /** Whether every physical table of a sharded table is read (rows add up), or only its first one. */
    public boolean everyShard() {
        return everyShard;
    }

    public FoldRule rule() {
        return rule;
    }

    /** The view as the proxy asks a node for it. */
    public String qualifiedName() {
        return "information_schema." + name();
    }
}
