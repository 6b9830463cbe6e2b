package io.shardgate.router.layout;

import java.util.Set;

/**
 * A schema's {@code default-node} changes: every table the config does not list would be looked for on
 * {@code to} while its rows stay on {@code from}. The config cannot name those tables, so the backends are
 * asked: every base table of the schema's database on {@code from}, except {@code listedTables}, must hold no
 * row.
 *
 * @param listedTables physical table names (lower case) of the tables either config lists: checked per table
 */
public record DefaultNodeChange(String schema, String from, String to, Set<String> listedTables) {

    public DefaultNodeChange {
        listedTables = Set.copyOf(listedTables);
    }
}
