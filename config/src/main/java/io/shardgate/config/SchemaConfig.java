package io.shardgate.config;

import java.util.List;
import java.util.Optional;

/**
 * A logical schema. Its name is also the physical database name on every node.
 *
 * @param defaultNode where unsharded tables (and statements naming no table) go
 */
public record SchemaConfig(String name, String defaultNode, List<TableConfig> tables) {

    public SchemaConfig {
        tables = List.copyOf(tables);
    }

    /** Table names are matched case-insensitively. */
    public Optional<TableConfig> table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }
}
