/**
 * Metadata as one server would show it: the information_schema views and SHOW statements that name tables,
 * answered from what every node says about its physical tables, folded into the logical tables the client
 * knows (physical names hidden, one row per logical table, row counts and sizes summed over shards). Pure
 * logic: the proxy runs the queries this package writes and hands back the rows.
 */
package io.shardgate.router.metadata;
