package io.shardgate.router.plan;

import io.shardgate.router.merge.RowComparator;
import io.shardgate.router.merge.RowStream;
import io.shardgate.router.merge.SortKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A node of a read tree: a plan that produces rows, built from the rows of its {@link #inputs()}. The
 * leaves ({@link MergeShards}) read shards; every other node is one logical operator over its inputs, as
 * in Vitess's engine. The planner emits the whole tree; the executor opens it ({@link ReadTree#open}) and
 * reads the result, without rebuilding anything.
 *
 * <p><b>Logical here, physical when opened.</b> Some choices depend on what only the shards' answer tells:
 * whether the shards can be read at once (each on its own connection), and each column's collation. A node
 * therefore describes the logical operator, and {@link #open} picks the operator (streaming or hashing or
 * sorting) from the opened input's known order ({@link Opened#order()}) and column metadata. The node's
 * class comment says which choice it makes.
 *
 * <p><b>Relative columns.</b> Column indexes refer to the node's input row. With a {@code *} in the select
 * list the planner cannot know how many columns the shards return, so it counts the columns it appended
 * (hidden sort columns) from the end: a negative index means {@code width + index}, and a column count of
 * zero or less means {@code width + count}, resolved against the input's width when the node is opened.
 * Descriptions show them as {@code end-1} and {@code all-1}.
 *
 * <p>A new operator (join, union, window ...) is a new record here with its own {@link #open}: nothing else
 * in the tree changes.
 */
public sealed interface ReadPlan extends Plan
        permits MergeShards, Aggregate, Rollup, Project, Filter, Distinct, Sort, Limit, KeepColumns, Union,
                MatchedSets, Window, RowsAsPartials, Retyped, HashJoin, ApplyJoin, Extend, Typed {

    /** The plans this node reads, in order; empty for a leaf. */
    List<ReadPlan> inputs();

    /**
     * Opens this node's operator over its opened inputs. The caller owns the result: reading it to the end
     * or closing it releases everything under it. A failure while opening may leave opened shard streams
     * behind: {@link ReadTree#open} closes them.
     */
    Opened open(ReadContext context);

    /**
     * How many columns this node returns when each shard read returns {@code shardColumns} (known only once
     * a shard answered, for {@code SELECT *}): what a prepared statement announces.
     */
    int columnCount(int shardColumns);

    /**
     * Whether the result's columns come from a set operation (UNION, INTERSECT, EXCEPT): a server reports
     * them without a source table, so the client's column definitions drop the shards' table names.
     */
    default boolean setResult() {
        return inputs().size() == 1 && inputs().getFirst().setResult();
    }

    /**
     * What describes each column of this node's input rows, given what describes the columns of each leaf's
     * first shard (the proxy's column definitions): a leaf's own, except where a node combines the rows of
     * several leaves into one ({@link HashJoin}). Set operations answer with their first input's.
     */
    default <T> List<T> shardColumns(Function<MergeShards, List<T>> leafColumns) {
        return this instanceof MergeShards leaf ? leafColumns.apply(leaf)
                : inputs().getFirst().shardColumns(leafColumns);
    }

    /** Every {@link MergeShards} leaf under this node, depth first, left to right. */
    default List<MergeShards> leaves() {
        List<MergeShards> out = new ArrayList<>();
        collectLeaves(this, out);
        return List.copyOf(out);
    }

    /** Every shard read of the tree: the routes of its {@link #leaves()}, leaf after leaf. */
    default List<Route> routes() {
        return leaves().stream().flatMap(leaf -> leaf.routes().stream()).toList();
    }

    private static void collectLeaves(ReadPlan node, List<MergeShards> out) {
        if (node instanceof MergeShards leaf) {
            out.add(leaf);
        }
        node.inputs().forEach(input -> collectLeaves(input, out));
    }

    /** A column count as descriptions show it: {@code 3}, {@code all}, {@code all-1}. */
    static String count(int columns) {
        return columns > 0 ? Integer.toString(columns) : columns == 0 ? "all" : "all" + columns;
    }

    /** A column count made absolute for rows of {@code width} columns (see the class comment). */
    static int absoluteCount(int columns, int width) {
        return columns > 0 ? columns : width + columns;
    }

    /**
     * An opened node: its operator and what the nodes above may rely on when they choose theirs.
     *
     * @param rows the operator
     * @param order keys (absolute columns) the rows are known to arrive sorted by; empty when unknown
     * @param singleRow at most one row arrives: every order holds, duplicates cannot
     */
    record Opened(RowStream rows, List<SortKey> order, boolean singleRow) {

        public Opened {
            order = List.copyOf(order);
        }

        /**
         * The shortest prefix of {@link #order()} made of exactly {@code columns}, when string keys in it
         * compare exactly as MySQL does: then rows equal on {@code columns} arrive next to each other and a
         * streaming operator can rely on it. Null otherwise (the order does not start with those columns, or
         * a collation is only approximated, see {@code Collations}).
         */
        public List<SortKey> adjacentOn(List<Integer> columns) {
            Set<Integer> wanted = new HashSet<>(columns);
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < order.size(); i++) {
                int c = order.get(i).column();
                if (!wanted.contains(c)) {
                    return null;
                }
                seen.add(c);
                if (seen.size() == wanted.size()) {
                    List<SortKey> prefix = List.copyOf(order.subList(0, i + 1));
                    return new RowComparator(prefix, rows.columns()).exact() ? prefix : null;
                }
            }
            return null;
        }

        /** Whether the rows already arrive in {@code keys} order (absolute columns). */
        public boolean sortedBy(List<SortKey> keys) {
            return singleRow || order.size() >= keys.size() && order.subList(0, keys.size()).equals(keys);
        }
    }
}
