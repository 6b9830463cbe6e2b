package io.shardgate.proxy.server;

import io.shardgate.config.ConfigException;
import io.shardgate.config.ConfigProblem;
import io.shardgate.config.NodeConfig;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.backend.QueryResult;
import io.shardgate.router.layout.DefaultNodeChange;
import io.shardgate.router.layout.LayoutDiff;
import io.shardgate.router.layout.LayoutRefusal;
import io.shardgate.router.layout.Locations;
import io.shardgate.router.layout.RowCheck;
import io.shardgate.router.layout.TableChange;
import io.shardgate.router.topology.ShardLocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The data-safety check of a reload: a layout change that would leave stored rows where the new layout no
 * longer looks for them applies only while those rows do not exist. {@link LayoutDiff} says, from the two
 * configs alone, which tables would move rows; this asks the backends whether they hold any, refuses the
 * reload (a {@link ConfigException} naming each table, why its rows would move and how to move them) if so,
 * and otherwise creates the physical tables the new layout adds, from the definition of one that exists.
 *
 * <p>Not atomic against writes: a row written into a table found empty, between the check and the switch,
 * lands in the old layout. Change the layout of an empty table while nothing writes to it.
 */
final class LayoutGuard {

    /** Lines for the reload's report. */
    record Report(List<String> notes, List<String> warnings) {
    }

    /** Tables asked per statement: one UNION ALL of single-row probes. */
    private static final int PROBES_PER_QUERY = 50;

    private final ShardgateConfig running;
    private final ShardgateConfig next;
    private final String file;
    private final Supplier<ReloadBackends> backendsFactory;
    private ReloadBackends backends;
    /** Base tables per (node settings, database), lower-case name -> name as the server spells it. */
    private final Map<NodeConfig, Map<String, Map<String, String>>> tables = new HashMap<>();
    private final Map<NodeConfig, Set<String>> databases = new HashMap<>();

    private LayoutGuard(ShardgateConfig running, ShardgateConfig next, String file, Supplier<ReloadBackends> backends) {
        this.running = running;
        this.next = next;
        this.file = file;
        this.backendsFactory = backends;
    }

    /**
     * @param file the config file, named in the RESHARD hint; null when the config did not come from a file
     * @param backends opens the check's connections; called only when a backend must be asked
     * @return what the reload's report says: layout changes applied and tables created (notes), rows left out
     *     of the proxy's reach by tables or schemas no longer listed (warnings)
     * @throws ConfigException when rows would move, or a backend cannot be asked or a table not created
     */
    static Report check(ShardgateConfig running, ShardgateConfig next, String file,
                        Supplier<ReloadBackends> backends) {
        LayoutDiff diff = LayoutDiff.between(running, next);
        if (diff.isEmpty()) {
            return new Report(List.of(), diff.warnings());
        }
        LayoutGuard guard = new LayoutGuard(running, next, file, backends);
        try {
            guard.refuseMovingRows(diff);
            return new Report(guard.describeAndCreate(diff), diff.warnings());
        } catch (ReloadBackends.CheckFailed e) {
            throw refused(file, "", "cannot ask the backends about the layout change: " + e.getMessage()
                    + "; the reload is refused and the running config stays");
        } finally {
            guard.close();
        }
    }

    private void refuseMovingRows(LayoutDiff diff) {
        Map<TableChange, List<ShardLocation>> found = new LinkedHashMap<>();
        for (TableChange change : diff.moving()) {
            Map<NodeConfig, List<RowCheck>> byNode = new LinkedHashMap<>();
            change.rowChecks().forEach(c ->
                    byNode.computeIfAbsent(runningNode(c.location()), n -> new ArrayList<>()).add(c));
            List<ShardLocation> withRows = new ArrayList<>();
            byNode.forEach((node, checks) ->
                    withRows(node, change.schema(), checks).forEach(c -> withRows.add(c.location())));
            if (!withRows.isEmpty()) {
                found.put(change, withRows);
            }
        }
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, List<TableChange>> groups = new LinkedHashMap<>();
        diff.moving().forEach(c -> groups.computeIfAbsent(c.schema() + "." + c.group(), g -> new ArrayList<>()).add(c));
        for (List<TableChange> group : groups.values()) {
            if (group.stream().anyMatch(found::containsKey)) {
                problems.add(LayoutRefusal.ofGroup(group, found, file));
            }
        }
        for (DefaultNodeChange change : diff.defaultNodes()) {
            NodeConfig node = running.node(change.from()).orElseThrow();
            List<RowCheck> unlisted = baseTables(node, change.schema()).entrySet().stream()
                    .filter(t -> !change.listedTables().contains(t.getKey()))
                    .map(t -> new RowCheck(new ShardLocation(node.name(), t.getValue()), null)).toList();
            List<String> withRows = withRows(node, change.schema(), unlisted).stream()
                    .map(c -> c.location().physicalTable()).toList();
            if (!withRows.isEmpty()) {
                problems.add(LayoutRefusal.ofDefaultNode(change, withRows));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source(file), problems);
        }
    }

    /** Logs what changes, and creates the physical tables the new layout adds where some table's definition exists. */
    private List<String> describeAndCreate(LayoutDiff diff) {
        List<String> notes = new ArrayList<>();
        for (TableChange change : diff.tables()) {
            if (change.kind() == TableChange.Kind.REMOVED) {
                continue;
            }
            notes.add(change.qualifiedName() + ": " + change.movement().reason()
                    + (change.movement().movesRows() ? " (the table holds no such rows, so the change applies)" : ""));
            List<ShardLocation> missing = new ArrayList<>();
            for (ShardLocation added : change.addedLocations()) {
                if (table(nextNode(added), change.schema(), added.physicalTable()).isEmpty()) {
                    missing.add(added);
                }
            }
            if (!missing.isEmpty()) {
                create(change, missing).ifPresent(notes::add);
            }
            if (change.movement().movesRows()) {
                Set<ShardLocation> unused = new LinkedHashSet<>(change.before());
                unused.removeAll(change.after());
                unused.removeIf(l -> table(runningNode(l), change.schema(), l.physicalTable()).isEmpty());
                if (!unused.isEmpty()) {
                    notes.add(change.qualifiedName() + ": " + Locations.summary(unused)
                            + " no longer used (empty; left in place, drop by hand)");
                }
            }
        }
        return notes;
    }

    /** Creates {@code missing} from an existing physical table's definition; empty when none exists yet. */
    private Optional<String> create(TableChange change, List<ShardLocation> missing) {
        String schema = change.schema();
        ShardLocation source = null;
        NodeConfig sourceNode = null;
        for (ShardLocation l : change.before()) {
            if (source == null && table(runningNode(l), schema, l.physicalTable()).isPresent()) {
                source = l;
                sourceNode = runningNode(l);
            }
        }
        for (ShardLocation l : change.after()) {
            if (source == null && !missing.contains(l) && table(nextNode(l), schema, l.physicalTable()).isPresent()) {
                source = l;
                sourceNode = nextNode(l);
            }
        }
        if (source == null) {
            // no physical table exists yet: the table's CREATE TABLE through the proxy will make them all
            return Optional.empty();
        }
        String sourceName = table(sourceNode, schema, source.physicalTable()).orElseThrow();
        String definition = backends().query(sourceNode, "SHOW CREATE TABLE " + quote(schema) + "." + quote(sourceName))
                .rows().get(0).get(1);
        String path = "schemas." + schema + ".tables." + change.table();
        if (definition.toUpperCase(Locale.ROOT).contains("FOREIGN KEY")) {
            throw refused(file, path, "the new layout needs " + Locations.summary(missing) + ", which do not exist,"
                    + " and " + sourceName + "'s definition has a FOREIGN KEY, whose constraint name and referenced "
                    + "table belong to that shard: create those tables by hand, then reload. The running config stays");
        }
        for (ShardLocation target : missing) {
            NodeConfig node = nextNode(target);
            try {
                String create = renamed(definition, sourceName, schema, target.physicalTable());
                ensureDatabase(node, schema, sourceNode);
                backends().query(node, create);
            } catch (ReloadBackends.CheckFailed e) {
                throw refused(file, path, "cannot create " + Locations.describe(target) + ", which the new layout "
                        + "needs: " + e.getMessage() + ". The reload is refused and the running config stays (tables "
                        + "created so far are empty and stay)");
            }
        }
        return Optional.of(change.qualifiedName() + ": created " + Locations.summary(missing) + " like " + sourceName);
    }

    private void ensureDatabase(NodeConfig node, String schema, NodeConfig sourceNode) {
        Set<String> known = databases.computeIfAbsent(node, n -> new java.util.HashSet<>());
        if (known.contains(schema)) {
            return;
        }
        QueryResult found = backends().query(node, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE "
                + "SCHEMA_NAME = " + literal(schema));
        if (found.rows().isEmpty()) {
            String create = backends().query(sourceNode, "SHOW CREATE DATABASE " + quote(schema)).rows().get(0).get(1);
            backends().query(node, create.replaceFirst("^CREATE DATABASE ", "CREATE DATABASE IF NOT EXISTS "));
        }
        known.add(schema);
    }

    /**
     * {@code CREATE TABLE `orders_0000` (...)} as SHOW CREATE TABLE prints it (backticks, or double quotes under
     * ANSI_QUOTES) -> {@code CREATE TABLE IF NOT EXISTS `shop`.`orders_0004` (...)}.
     */
    static String renamed(String definition, String sourceName, String schema, String target) {
        for (char q : new char[] {'`', '"'}) {
            String prefix = "CREATE TABLE " + q + sourceName.replace(String.valueOf(q), "" + q + q) + q;
            if (definition.startsWith(prefix)) {
                return "CREATE TABLE IF NOT EXISTS " + quote(schema) + "." + quote(target)
                        + definition.substring(prefix.length());
            }
        }
        throw new ReloadBackends.CheckFailed("unexpected SHOW CREATE TABLE output for " + sourceName);
    }

    /**
     * The checks whose table exists and holds a row (with a NULL key, for NULL checks): one UNION ALL of
     * single-row probes per {@value #PROBES_PER_QUERY} tables, each answering its own index when it finds one.
     */
    private List<RowCheck> withRows(NodeConfig node, String schema, List<RowCheck> checks) {
        List<RowCheck> existing = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RowCheck check : checks) {
            table(node, schema, check.location().physicalTable()).ifPresent(name -> {
                existing.add(check);
                names.add(name);
            });
        }
        List<RowCheck> found = new ArrayList<>();
        for (int from = 0; from < existing.size(); from += PROBES_PER_QUERY) {
            StringBuilder sql = new StringBuilder();
            for (int i = from; i < Math.min(existing.size(), from + PROBES_PER_QUERY); i++) {
                String nullColumn = existing.get(i).nullColumn();
                sql.append(i == from ? "" : " UNION ALL ").append("(SELECT ").append(i).append(" FROM ")
                        .append(quote(schema)).append('.').append(quote(names.get(i)))
                        .append(nullColumn == null ? "" : " WHERE " + quote(nullColumn) + " IS NULL")
                        .append(" LIMIT 1)");
            }
            for (List<String> row : backends().query(node, sql.toString()).rows()) {
                found.add(existing.get(Integer.parseInt(row.get(0))));
            }
        }
        return found;
    }

    /** The table's name as the server spells it, when it exists as a base table. */
    private Optional<String> table(NodeConfig node, String schema, String name) {
        return Optional.ofNullable(baseTables(node, schema).get(name.toLowerCase(Locale.ROOT)));
    }

    /** Every base table of {@code schema}'s database on the node, read once per check. */
    private Map<String, String> baseTables(NodeConfig node, String schema) {
        return tables.computeIfAbsent(node, n -> new HashMap<>()).computeIfAbsent(schema, s -> {
            Map<String, String> names = new LinkedHashMap<>();
            QueryResult result = backends().query(node, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE "
                    + "TABLE_SCHEMA = " + literal(s) + " AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME");
            result.rows().forEach(r -> names.put(r.get(0).toLowerCase(Locale.ROOT), r.get(0)));
            return names;
        });
    }

    private NodeConfig runningNode(ShardLocation location) {
        return running.node(location.node()).orElseThrow();
    }

    private NodeConfig nextNode(ShardLocation location) {
        return next.node(location.node()).orElseThrow();
    }

    private ReloadBackends backends() {
        if (backends == null) {
            backends = backendsFactory.get();
        }
        return backends;
    }

    private void close() {
        if (backends != null) {
            backends.close();
        }
    }

    private static ConfigException refused(String file, String path, String message) {
        return new ConfigException(source(file), List.of(new ConfigProblem(path, message)));
    }

    private static String source(String file) {
        return file == null ? "reload" : file;
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** A string literal that reads the same with and without NO_BACKSLASH_ESCAPES (names hold no backslash). */
    private static String literal(String value) {
        if (value.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("unexpected backslash in " + value);
        }
        return "'" + value.replace("'", "''") + "'";
    }
}
