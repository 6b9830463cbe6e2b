package io.shardgate.proxy.reshard;

import io.shardgate.config.SchemaConfig;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.StrategyParams;
import io.shardgate.config.TableConfig;
import io.shardgate.router.strategy.LookupStoreFactory;
import io.shardgate.router.strategy.ShardStrategies;
import io.shardgate.router.strategy.ShardStrategy;
import io.shardgate.router.topology.ShardLocation;
import io.shardgate.router.topology.TableTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tables one {@code RESHARD} moves: a sharded table and every table bound to it (a binding group shares its
 * layout, so it moves together), each with its running layout and the one the target file names, in the next
 * generation.
 *
 * @param schema the logical schema (also the database name on every node)
 * @param tables the group's parent first
 * @param next the config that runs after the cutover: the target file's, the group in generation {@code generation}
 */
public record MovingGroup(String schema, List<Table> tables, int generation, ShardgateConfig next) {

    /**
     * One moving table.
     *
     * @param newStrategy where the new layout puts a shard-key value (never a lookup strategy)
     */
    public record Table(TableConfig before, TableConfig after, TableTopology oldLayout, TableTopology newLayout,
                        ShardStrategy newStrategy) {

        public String name() {
            return before.name();
        }

        /** The new physical table a row with this shard-key value belongs in. */
        public ShardLocation target(Object keyValue) {
            return newLayout.location(newStrategy.shardOf(keyValue));
        }
    }

    public List<String> names() {
        return tables.stream().map(Table::name).toList();
    }

    /**
     * The group of {@code table} moving from {@code running} to the layout of {@code target}.
     *
     * @throws ReshardException when the change cannot be done by RESHARD, saying why
     */
    public static MovingGroup between(ShardgateConfig running, ShardgateConfig target, String schemaName,
                                      String table) {
        SchemaConfig schema = running.schema(schemaName).orElseThrow(
                () -> new ReshardException("no schema named '" + schemaName + "'"));
        SchemaConfig targetSchema = target.schema(schemaName).orElseThrow(
                () -> new ReshardException("the target file has no schema '" + schemaName + "'"));
        TableConfig named = schema.table(table).orElseThrow(
                () -> new ReshardException("no table " + schemaName + "." + table + " in the running config"));
        if (named.broadcast()) {
            throw new ReshardException(schemaName + "." + table + " is a broadcast table: every node has all of it");
        }
        TableConfig parent = named.binding() == null ? named : schema.table(named.binding()).orElseThrow();
        List<TableConfig> group = new ArrayList<>();
        group.add(parent);
        schema.tables().stream().filter(t -> parent.name().equalsIgnoreCase(t.binding())).forEach(group::add);
        if (parent.params() instanceof StrategyParams.Lookup) {
            throw new ReshardException(schemaName + "." + parent.name() + " uses the lookup strategy: its rows stay "
                    + "where its locator says; RESHARD moves hash-mod, consistent-hash, range, region and time tables");
        }
        for (TableConfig other : schema.tables()) {
            if (group.contains(other)) {
                continue;
            }
            TableConfig after = targetSchema.table(other.name()).orElse(null);
            if (!other.equals(after)) {
                throw new ReshardException("table " + schemaName + "." + other.name() + " differs in the target file: "
                        + "RESHARD moves one binding group (" + names(group) + "); change the other tables with "
                        + "RELOAD CONFIG (and keep their generation)");
            }
        }
        int generation = parent.generation() + 1;
        TableConfig newParent = targetSchema.table(parent.name()).orElseThrow(() -> new ReshardException(
                "the target file has no table " + schemaName + "." + parent.name()));
        if (newParent.binding() != null || newParent.broadcast()) {
            throw new ReshardException("in the target file " + parent.name() + " is not a sharded table of its own");
        }
        if (!Objects.equals(newParent.shardKey(), parent.shardKey())) {
            throw new ReshardException("the target file shards " + parent.name() + " on " + newParent.shardKey()
                    + ", not " + parent.shardKey() + ": RESHARD keeps the shard key");
        }
        if (newParent.params() instanceof StrategyParams.Lookup) {
            throw new ReshardException("RESHARD does not move rows into a lookup-strategy layout");
        }
        if (sameLayout(parent, newParent)) {
            throw new ReshardException("the target file gives " + schemaName + "." + parent.name()
                    + " the layout it has: nothing to move");
        }
        List<Table> tables = new ArrayList<>();
        for (TableConfig before : group) {
            TableConfig after = targetSchema.table(before.name()).orElseThrow(() -> new ReshardException(
                    "the target file has no table " + schemaName + "." + before.name()));
            if (before != parent && !parent.name().equalsIgnoreCase(after.binding())) {
                throw new ReshardException("in the target file " + before.name() + " is not bound to " + parent.name()
                        + ": a binding group moves whole");
            }
            after = after.withGeneration(generation);
            tables.add(new Table(before, after, TableTopology.of(before), TableTopology.of(after),
                    ShardStrategies.create(after, target.timeZone(), LookupStoreFactory.NONE)));
        }
        for (TableConfig t : targetSchema.tables()) {
            if (parent.name().equalsIgnoreCase(t.binding()) && group.stream().noneMatch(
                    g -> g.name().equalsIgnoreCase(t.name()))) {
                throw new ReshardException("the target file binds " + t.name() + " to " + parent.name()
                        + ", which the running config does not: add it with RELOAD CONFIG first");
            }
        }
        return new MovingGroup(schema.name(), List.copyOf(tables), generation, withGeneration(target, schemaName,
                group, generation));
    }

    private static boolean sameLayout(TableConfig a, TableConfig b) {
        return a.strategy() == b.strategy() && a.nodes().equals(b.nodes()) && a.locations().equals(b.locations())
                && a.params().equals(b.params());
    }

    private static ShardgateConfig withGeneration(ShardgateConfig target, String schemaName, List<TableConfig> group,
                                                  int generation) {
        List<SchemaConfig> schemas = new ArrayList<>();
        for (SchemaConfig s : target.schemas()) {
            if (!s.name().equalsIgnoreCase(schemaName)) {
                schemas.add(s);
                continue;
            }
            List<TableConfig> tables = new ArrayList<>();
            for (TableConfig t : s.tables()) {
                boolean moving = group.stream().anyMatch(g -> g.name().equalsIgnoreCase(t.name()));
                tables.add(moving ? t.withGeneration(generation) : t);
            }
            schemas.add(new SchemaConfig(s.name(), s.defaultNode(), tables, s.multiplexing()));
        }
        return new ShardgateConfig(target.proxy(), target.admin(), target.nodes(), schemas, target.timeZone(),
                target.reshard());
    }

    private static String names(List<TableConfig> group) {
        return String.join(", ", group.stream().map(TableConfig::name).toList());
    }
}
