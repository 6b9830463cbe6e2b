package io.shardgate.router.metadata;

import io.shardgate.router.topology.SchemaTopology;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The logical table each physical shard table stands for, per schema: {@code shop.orders_0003} is
 * {@code shop.orders}. Unsharded and broadcast tables keep their names (they are not listed).
 */
public final class TableNames {

    private final Map<String, SchemaTopology> schemas = new HashMap<>();

    public TableNames(List<SchemaTopology> schemas) {
        schemas.forEach(s -> this.schemas.put(s.name().toLowerCase(Locale.ROOT), s));
    }

    /** The logical name of {@code table} in {@code schema}, or null when it is no shard's physical table. */
    public String logical(String schema, String table) {
        if (schema == null || table == null) {
            return null;
        }
        SchemaTopology s = schemas.get(schema.toLowerCase(Locale.ROOT));
        return s == null ? null : s.logicalTableOf(table).orElse(null);
    }
}
