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
 * @param readYourWrites how a session's reads see its own writes when replicas serve reads
 */
public record SchemaConfig(String name, String defaultNode, List<TableConfig> tables, boolean multiplexing,
                           TransactionMode transactionMode, ReadYourWrites readYourWrites) {

    public SchemaConfig {
        tables = List.copyOf(tables);
    }

    /** A schema with the default transaction mode (xa) and read-your-writes. */
    public SchemaConfig(String name, String defaultNode, List<TableConfig> tables, boolean multiplexing) {
        this(name, defaultNode, tables, multiplexing, TransactionMode.XA, ReadYourWrites.DEFAULT);
    }

    /** A schema with the default read-your-writes. */
    public SchemaConfig(String name, String defaultNode, List<TableConfig> tables, boolean multiplexing,
                        TransactionMode transactionMode) {
        this(name, defaultNode, tables, multiplexing, transactionMode, ReadYourWrites.DEFAULT);
    }

    /** A schema with the default transaction mode (xa). */
    public SchemaConfig(String name, String defaultNode, List<TableConfig> tables, boolean multiplexing,
                        ReadYourWrites readYourWrites) {
        this(name, defaultNode, tables, multiplexing, TransactionMode.XA, readYourWrites);
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
