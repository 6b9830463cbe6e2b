/**
 * What a config reload would do to rows already stored: per logical table, where every possible shard-key
 * value lives before and after the change ({@link io.shardgate.router.layout.LayoutDiff}). Pure logic over two
 * configs; the proxy asks the backends whether the tables that would move hold rows.
 */
package io.shardgate.router.layout;
