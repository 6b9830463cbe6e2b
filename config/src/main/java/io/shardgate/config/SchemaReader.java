package io.shardgate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import io.shardgate.config.StrategyParams.Period;
import io.shardgate.config.TableDraft.Kind;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code schemas:}: each schema's default node and tables, then resolves binding tables
 * against their parents, gives broadcast tables their nodes, and checks that the physical table
 * names the tables produce neither collide with another table nor exceed MySQL's 64 characters.
 */
final class SchemaReader {

    static final Set<String> SCHEMA_KEYS = ConfigReader.keys("name", "default-node", "tables", "multiplexing",
            "transaction-mode", "read-your-writes", "causal-wait");
    private static final int MAX_NAME = 64;
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "information_schema", "performance_schema", "sys");

    private final Diagnostics diag;
    private final NodeNames nodes;
    private final TableReader tableReader;

    SchemaReader(Diagnostics diag, List<String> declaredNodes) {
        this.diag = diag;
        this.nodes = new NodeNames(declaredNodes, diag);
        this.tableReader = new TableReader(diag, nodes);
    }

    /** Node names referred to by any schema or table. */
    Set<String> usedNodes() {
        return nodes.used();
    }

    /** The schemas, or null when any has a problem (reported). */
    List<SchemaConfig> read(YamlMap doc) {
        if (!doc.has("schemas")) {
            doc.missing("schemas");
            return null;
        }
        int before = diag.problemCount();
        List<Node> items = doc.items("schemas");
        if (items != null && items.isEmpty()) {
            diag.problem(doc.pathOf("schemas"), "at least one schema is required");
        }
        List<SchemaConfig> schemas = new ArrayList<>();
        for (YamlMap s : doc.namedMaps("schemas", "name", SCHEMA_KEYS, "schema", true)) {
            schemas.add(schema(s));
        }
        return diag.problemCount() > before ? null : schemas;
    }

    private SchemaConfig schema(YamlMap s) {
        String name = s.requiredText("name");
        if (name != null) {
            name = name.trim();
            if (TableReader.checkIdentifier(diag, name, s.pathOf("name")) && SYSTEM_SCHEMAS.contains(lower(name))) {
                diag.problem(s.pathOf("name"), "'" + name + "' is a MySQL system schema and cannot be a logical schema");
            } else if (lower(name).equals("shardgate")) {
                diag.problem(s.pathOf("name"), "'shardgate' holds the proxy's XA decisions on every node and cannot be "
                        + "a logical schema");
            }
        }
        String defaultNode = s.text("default-node");
        if (defaultNode == null && !s.has("default-node")) {
            diag.problem(s.pathOf("default-node"), "required key is missing (unsharded tables live there)");
        } else if (defaultNode != null) {
            defaultNode = defaultNode.trim();
            nodes.check(defaultNode, s.pathOf("default-node"));
        }
        List<TableDraft> drafts = new ArrayList<>();
        for (YamlMap t : s.namedMaps("tables", "name", TableReader.KEYS, "table", true)) {
            drafts.add(tableReader.read(t));
        }
        List<TableConfig> tables = resolve(drafts, defaultNode);
        checkPhysicalNames(drafts, tables);
        return new SchemaConfig(name, defaultNode, tables, s.bool("multiplexing", true), transactionMode(s),
                readYourWrites(s));
    }

    private TransactionMode transactionMode(YamlMap s) {
        String text = s.text("transaction-mode");
        if (text == null) {
            return TransactionMode.XA;
        }
        TransactionMode mode = TransactionMode.fromYaml(text.trim()).orElse(null);
        if (mode == null) {
            List<String> names = TransactionMode.yamlNames();
            diag.problem(s.pathOf("transaction-mode"), "unknown mode '" + text + "'" + Suggestions.closest(text, names)
                    .map(n -> " (did you mean '" + n + "'?)").orElse(" (one of " + String.join(", ", names) + ")"));
        }
        return mode;
    }

    /** {@code read-your-writes: off | <duration> | causal} and {@code causal-wait}; the default on a problem. */
    private ReadYourWrites readYourWrites(YamlMap s) {
        Duration wait = s.duration("causal-wait", ReadYourWrites.DEFAULT_CAUSAL_WAIT, Duration.ZERO);
        ReadYourWrites d = ReadYourWrites.DEFAULT;
        if (wait == null) {
            return d;
        }
        String t = s.has("read-your-writes") ? s.text("read-your-writes") : null;
        if (t == null) {
            return new ReadYourWrites(ReadYourWrites.Mode.AUTO, d.window(), wait);
        }
        return switch (lower(t.trim())) {
            case "off" -> new ReadYourWrites(ReadYourWrites.Mode.OFF, Duration.ZERO, wait);
            case "causal" -> new ReadYourWrites(ReadYourWrites.Mode.CAUSAL, d.window(), wait);
            default -> {
                Duration window = null;
                try {
                    window = DurationText.parse(t);
                } catch (IllegalArgumentException e) {
                    // reported below with what else is accepted
                }
                if (window == null || window.isZero()) {
                    diag.problem(s.pathOf("read-your-writes"), "'" + t + "' is not off, causal or a duration"
                            + " such as 5s (how long reads stay on the primary after a write)");
                    yield d;
                }
                yield new ReadYourWrites(ReadYourWrites.Mode.WINDOW, window, wait);
            }
        };
    }

    // ---------------------------------------------------------------- resolution

    private List<TableConfig> resolve(List<TableDraft> drafts, String defaultNode) {
        Map<String, TableDraft> byName = new HashMap<>();
        for (TableDraft d : drafts) {
            if (d.name() != null) {
                byName.putIfAbsent(lower(d.name()), d);
            }
        }
        List<String> broadcastNodes = schemaNodes(drafts, defaultNode);
        List<TableConfig> tables = new ArrayList<>();
        for (TableDraft d : drafts) {
            TableConfig resolved = switch (d.kind()) {
                case SHARDED -> d.complete() ? d.toShardedConfig() : null;
                case BROADCAST -> d.complete() ? broadcast(d, broadcastNodes) : null;
                case BINDING -> bind(d, byName, drafts);
            };
            if (resolved != null) {
                tables.add(resolved);
            }
        }
        return tables;
    }

    /** "Every node of the schema": its default node and every node a sharded table uses, in file order. */
    private List<String> schemaNodes(List<TableDraft> drafts, String defaultNode) {
        Set<String> used = new LinkedHashSet<>();
        if (defaultNode != null) {
            used.add(defaultNode);
        }
        for (TableDraft d : drafts) {
            if (d.kind() == Kind.SHARDED && d.nodes() != null) {
                used.addAll(d.nodes());
            }
        }
        return nodes.all().stream().filter(used::contains).toList();
    }

    private static TableConfig broadcast(TableDraft d, List<String> schemaNodes) {
        List<String> on = d.nodes() != null ? d.nodes() : schemaNodes;
        return new TableConfig(d.name(), null, null, on, on.stream().map(n -> 1).toList(), null, true,
                d.keyGenerator(), new StrategyParams.None());
    }

    private TableConfig bind(TableDraft d, Map<String, TableDraft> byName, List<TableDraft> drafts) {
        String at = d.path() + ".binding";
        if (d.binding() == null) {
            return null; // the value itself was wrong, already reported
        }
        TableDraft parent = byName.get(lower(d.binding()));
        String parentKey = parent != null && parent.kind() == Kind.SHARDED ? parent.shardKey() : null;
        if (parent == null) {
            List<String> candidates = drafts.stream().filter(t -> t.kind() == Kind.SHARDED && t.name() != null)
                    .map(TableDraft::name).toList();
            diag.problem(at, "unknown table '" + d.binding() + "'" + Suggestions.didYouMean(d.binding(), candidates));
        } else if (parent == d) {
            diag.problem(at, "a table cannot be bound to itself");
        } else if (parent.kind() == Kind.BINDING) {
            diag.problem(at, "'" + parent.name() + "' is itself bound to '" + parent.binding() + "'; bind to '"
                    + parent.binding() + "' directly");
        } else if (parent.kind() == Kind.BROADCAST) {
            diag.problem(at, "'" + parent.name() + "' is a broadcast table; only sharded tables can be bound to");
        }
        if (d.shardKey() == null && !diag.problems().stream().anyMatch(p -> p.path().equals(d.path() + ".shard-key"))) {
            diag.problem(d.path() + ".shard-key", parentKey == null ? "required key is missing"
                    : "required key is missing (must be '" + parentKey + "', the shard key of '" + parent.name() + "')");
            return null;
        }
        if (d.shardKey() != null && parentKey != null && !d.shardKey().equalsIgnoreCase(parentKey)) {
            diag.problem(d.path() + ".shard-key", "'" + d.shardKey() + "' differs from '" + parentKey
                    + "', the shard key of '" + parent.name() + "'; bound tables must shard on the same column");
            return null;
        }
        if (!d.complete() || parentKey == null || !parent.complete()) {
            return null;
        }
        return new TableConfig(d.name(), d.shardKey(), parent.strategy(), parent.nodes(), parent.locations(),
                parent.name(), false, d.keyGenerator(), parent.params(), parent.generation());
    }

    // ---------------------------------------------------------------- physical names

    /**
     * Physical names must not collide with a logical table listed in the same schema (orders_0001
     * declared while orders has 8 shards would make two tables share one physical table), and must
     * fit MySQL's 64 characters once suffixed. Nor may two tables share a physical name: {@code orders} in
     * generation 1 ({@code orders_g1_0000}) and a table named {@code orders_g1} would.
     */
    private void checkPhysicalNames(List<TableDraft> drafts, List<TableConfig> tables) {
        Map<String, String> logical = new HashMap<>();
        for (TableDraft d : drafts) {
            if (d.name() != null) {
                logical.putIfAbsent(lower(d.name()), d.name());
            }
        }
        Map<String, String> physicalOwner = new HashMap<>();
        for (TableConfig t : tables) {
            if (t.broadcast()) {
                continue;
            }
            String at = drafts.stream().filter(d -> t.name().equals(d.name())).findFirst()
                    .map(TableDraft::path).orElse("") + ".name";
            List<String> physical = physicalNames(t);
            String longest = physical.stream().reduce((a, b) -> a.length() >= b.length() ? a : b).orElse("");
            if (longest.length() > MAX_NAME) {
                diag.problem(at, "'" + t.name() + "' is too long: physical table '" + longest + "' exceeds "
                        + MAX_NAME + " characters");
                continue;
            }
            for (String p : physical) {
                String owner = physicalOwner.putIfAbsent(lower(p), t.name());
                if (owner != null && !owner.equalsIgnoreCase(t.name())) { // a duplicate name is reported apart
                    diag.problem(at, "physical table '" + p + "' of '" + t.name() + "' is also one of '" + owner
                            + "'");
                    break;
                }
                String other = logical.get(lower(p));
                if (other != null) {
                    diag.problem(at, "physical table '" + p + "' of '" + t.name() + "' has the same name as table '"
                            + other + "'");
                    break;
                }
            }
            if (t.binding() == null && t.params() instanceof StrategyParams.Lookup lookup
                    && logical.containsKey(lower(lookup.table()))) {
                diag.problem(at.substring(0, at.length() - ".name".length()) + ".lookup.table", "'" + lookup.table()
                        + "' is also a table of this schema; the locator needs a table of its own");
            }
        }
    }

    /** {@code <prefix><4-digit global index>} ({@link TableConfig#physicalPrefix}); the time strategy suffixes the unit's date. */
    static List<String> physicalNames(TableConfig t) {
        List<String> out = new ArrayList<>();
        if (t.params() instanceof StrategyParams.Time time) {
            for (Period p : time.periods()) {
                for (String suffix : PeriodText.suffixes(p, time.unit())) {
                    out.add(t.physicalPrefix() + suffix);
                }
            }
        } else {
            for (int i = 0; i < t.shardCount(); i++) {
                out.add(String.format(Locale.ROOT, "%s%04d", t.physicalPrefix(), i));
            }
        }
        return out;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
