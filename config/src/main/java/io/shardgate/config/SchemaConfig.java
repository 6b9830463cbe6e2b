package io.shardgate.config;

import java.util.List;
import java.util.Optional;

/**
 * A logical schema. Its name is also the physical database name on every node.
 *
 * @param defaultNode where unsharded tables (and statements naming no table) go
 * @param multiplexing a session that holds no connection-bound state gives its backend connections back to the
 *     pool after each statement outside a transaction (see docs/architecture.md)
 * @param transactionMode how a transaction that wrote on several nodes commits
 */
public record SchemaConfig(String name, String defaultNode, List<TableConfig> tables, boolean multiplexing,
                           TransactionMode transactionMode) {

    public SchemaConfig {
        tables = List.copyOf(tables);
    }

    /** A schema with the default transaction mode (xa). */
    public SchemaConfig(String name, String defaultNode, List<TableConfig> tables, boolean multiplexing) {
        this(name, defaultNode, tables, multiplexing, TransactionMode.XA);
    }

    /** A schema with the default settings (multiplexing on, xa). */
    public SchemaConfig(String name, String defaultNode, List<TableConfig> tables) {
        this(name, defaultNode, tables, true);
    }

    /** Table names are matched case-insensitively. */
    public Optional<TableConfig> table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }
}
