package io.shardgate.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.shardgate.config.StrategyParams.Period;
import io.shardgate.config.TableDraft.Kind;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one entry of a schema's {@code tables:} into a {@link TableDraft}. What a table may say
 * depends on its kind: a binding table takes strategy, nodes and locations from its parent, a
 * broadcast table has no shard key, and each strategy has its own keys; a key that does not apply
 * is reported rather than silently ignored, because it usually means the user expects it to work.
 */
final class TableReader {

    /** Physical tables are suffixed with a 4-digit global index, so 10,000 is the hard ceiling. */
    static final int MAX_SHARDS = 10_000;

    private static final Map<StrategyType, Set<String>> STRATEGY_KEYS = Map.of(
            StrategyType.HASH_MOD, Set.of(),
            StrategyType.RANGE, Set.of("range-size", "boundaries"),
            StrategyType.TIME, Set.of("unit", "periods"),
            StrategyType.REGION, Set.of("regions", "default-shard"),
            StrategyType.CONSISTENT_HASH, Set.of("virtual-nodes"),
            StrategyType.LOOKUP, Set.of("lookup"));
    private static final List<String> ALL_STRATEGY_KEYS = List.of("range-size", "boundaries", "unit", "periods",
            "regions", "default-shard", "virtual-nodes", "lookup");

    static final Set<String> KEYS = keysWith("name", "shard-key", "strategy", "nodes", "locations",
            "key-generator", "binding", "broadcast", "generation");
    static final Set<String> KEY_GENERATOR_KEYS = ConfigReader.keys("column", "type", "layout");

    private final Diagnostics diag;
    private final NodeNames nodeNames;
    private final StrategyParamsReader paramsReader;

    TableReader(Diagnostics diag, NodeNames nodeNames) {
        this.diag = diag;
        this.nodeNames = nodeNames;
        this.paramsReader = new StrategyParamsReader(diag, nodeNames);
    }

    private static Set<String> keysWith(String... common) {
        Set<String> all = new LinkedHashSet<>(Arrays.asList(common));
        all.addAll(ALL_STRATEGY_KEYS);
        return ConfigReader.keys(all.toArray(String[]::new));
    }

    TableDraft read(YamlMap t) {
        int before = diag.problemCount();
        String name = t.requiredText("name");
        if (name != null) {
            checkIdentifier(diag, name, t.pathOf("name"));
        }
        boolean broadcast = t.bool("broadcast", false);
        KeyGeneratorConfig keyGenerator = keyGenerator(t);
        TableDraft draft;
        if (t.has("binding")) {
            if (broadcast) {
                diag.problem(t.pathOf("broadcast"), "a table is either broadcast or bound to another table, not both");
            }
            draft = binding(t, name, keyGenerator);
        } else if (broadcast) {
            draft = broadcast(t, name, keyGenerator);
        } else {
            draft = sharded(t, name, keyGenerator);
        }
        int generation = 0;
        if (t.has("generation")) {
            if (draft.kind() != Kind.SHARDED) {
                t.rejectIfPresent("generation", "only a sharded table has a generation (a binding table has its "
                        + "parent's)");
            } else {
                Integer g = t.integer("generation", 0, 0, 9999);
                generation = g == null ? 0 : g;
            }
        }
        boolean complete = diag.problemCount() == before;
        return new TableDraft(t.path(), name, draft.kind(), draft.shardKey(), draft.strategy(), draft.nodes(),
                draft.locations(), draft.binding(), keyGenerator, draft.params(), complete, generation);
    }

    private TableDraft binding(YamlMap t, String name, KeyGeneratorConfig keyGenerator) {
        String parent = t.text("binding");
        for (String key : List.of("strategy", "nodes", "locations")) {
            t.rejectIfPresent(key, "not allowed on a binding table: it uses the strategy, nodes and locations of '"
                    + parent + "'");
        }
        for (String key : ALL_STRATEGY_KEYS) {
            t.rejectIfPresent(key, "not allowed on a binding table: it uses the strategy settings of '" + parent + "'");
        }
        // A missing shard-key is reported when the parent is resolved, with the parent's key as a hint.
        String shardKey = t.has("shard-key") ? column(t, "shard-key") : null;
        return new TableDraft(t.path(), name, Kind.BINDING, shardKey, null, null, null,
                parent == null ? null : parent.trim(), keyGenerator, null, false, 0);
    }

    private TableDraft broadcast(YamlMap t, String name, KeyGeneratorConfig keyGenerator) {
        for (String key : List.of("shard-key", "strategy", "locations")) {
            t.rejectIfPresent(key, "not used by a broadcast table (a full copy lives on each of its nodes)");
        }
        for (String key : ALL_STRATEGY_KEYS) {
            t.rejectIfPresent(key, "not used by a broadcast table (a full copy lives on each of its nodes)");
        }
        List<String> nodes = t.has("nodes") ? nodeList(t) : null;
        return new TableDraft(t.path(), name, Kind.BROADCAST, null, null, nodes, null, null, keyGenerator,
                new StrategyParams.None(), false, 0);
    }

    private TableDraft sharded(YamlMap t, String name, KeyGeneratorConfig keyGenerator) {
        String shardKey = null;
        if (t.has("shard-key")) {
            shardKey = column(t, "shard-key");
        } else {
            diag.problem(t.pathOf("shard-key"), "required key is missing (a sharded table needs one;"
                    + " write broadcast: true for a table copied to every node)");
        }
        StrategyType strategy = strategy(t);
        List<String> nodes = null;
        if (t.has("nodes")) {
            nodes = nodeList(t);
        } else {
            t.missing("nodes");
        }
        if (strategy != null) {
            for (String key : ALL_STRATEGY_KEYS) {
                if (!STRATEGY_KEYS.get(strategy).contains(key)) {
                    t.rejectIfPresent(key, "not used by strategy " + strategy);
                }
            }
        }
        List<Integer> locations;
        StrategyParams params;
        if (strategy == StrategyType.TIME) {
            StrategyParams.Time time = paramsReader.time(t, nodes);
            List<Integer> derived = time == null ? null : derivedLocations(t, time);
            List<Integer> written = t.has("locations") ? locations(t, nodes) : null;
            if (derived != null && written != null && !written.equals(derived)) {
                diag.problem(t.pathOf("locations"), written + " does not match the periods, which give " + derived
                        + " (leave locations out for the time strategy)");
            }
            params = time;
            locations = derived;
        } else {
            locations = t.has("locations") ? locations(t, nodes) : null;
            if (!t.has("locations")) {
                t.missing("locations");
            }
            Integer shardCount = locations == null ? null : locations.stream().mapToInt(Integer::intValue).sum();
            params = strategy == null ? null : paramsReader.read(strategy, t, shardCount);
        }
        return new TableDraft(t.path(), name, Kind.SHARDED, shardKey, strategy, nodes, locations, null,
                keyGenerator, params, false, 0);
    }

    private StrategyType strategy(YamlMap t) {
        String text = t.requiredText("strategy");
        if (text == null) {
            return null;
        }
        StrategyType type = StrategyType.fromYaml(text.trim()).orElse(null);
        if (type == null) {
            List<String> names = Arrays.stream(StrategyType.values()).map(StrategyType::yamlName).toList();
            diag.problem(t.pathOf("strategy"), "unknown type '" + text + "'" + Suggestions.closest(text, names)
                    .map(s -> " (did you mean '" + s + "'?)").orElse(" (one of " + String.join(", ", names) + ")"));
        }
        return type;
    }

    /** The table's nodes, each declared and listed once; null when any is wrong (reported). */
    private List<String> nodeList(YamlMap t) {
        List<String> names = t.texts("nodes");
        if (names == null) {
            return null;
        }
        if (names.isEmpty()) {
            diag.problem(t.pathOf("nodes"), "at least one node is required");
            return null;
        }
        boolean ok = true;
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i).trim();
            ok &= nodeNames.check(n, t.itemPath("nodes", i));
            if (!seen.add(n)) {
                diag.problem(t.itemPath("nodes", i), "node '" + n + "' is listed twice");
                ok = false;
            }
            out.add(n);
        }
        return ok ? out : null;
    }

    /** Physical tables per node: as many entries as nodes, each at least 1, at most 10,000 in all. */
    private List<Integer> locations(YamlMap t, List<String> nodes) {
        List<Node> items = t.items("locations");
        if (items == null) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            String at = t.itemPath("locations", i);
            String text = t.scalar(items.get(i), at);
            Long count = text == null ? null : t.parseLong(text, at, 1, MAX_SHARDS);
            if (count == null) {
                ok = false;
            } else {
                out.add(count.intValue());
            }
        }
        if (ok && nodes != null && out.size() != nodes.size()) {
            diag.problem(t.pathOf("locations"), "has " + out.size() + (out.size() == 1 ? " entry" : " entries")
                    + " but nodes has " + nodes.size() + " (one count per node)");
            return null;
        }
        long total = out.stream().mapToLong(Integer::longValue).sum();
        if (ok && total > MAX_SHARDS) {
            diag.problem(t.pathOf("locations"), total + " physical tables in all; at most " + MAX_SHARDS
                    + " (the suffix has 4 digits)");
            return null;
        }
        return ok ? out : null;
    }

    private List<Integer> derivedLocations(YamlMap t, StrategyParams.Time time) {
        List<Integer> out = new ArrayList<>();
        long total = 0;
        for (Period p : time.periods()) {
            long units = PeriodText.units(p, time.unit());
            total += units;
            out.add((int) Math.min(units, Integer.MAX_VALUE));
        }
        if (total > MAX_SHARDS) {
            diag.problem(t.pathOf("periods"), "cover " + total + " " + time.unit().name().toLowerCase(java.util.Locale.ROOT)
                    + "s, one physical table each; at most " + MAX_SHARDS);
            return null;
        }
        return out;
    }

    private KeyGeneratorConfig keyGenerator(YamlMap t) {
        YamlMap k = t.map("key-generator", KEY_GENERATOR_KEYS);
        if (k == null) {
            return null;
        }
        String column = k.has("column") ? column(k, "column") : null;
        if (!k.has("column")) {
            k.missing("column");
        }
        String type = k.has("type") ? k.text("type") : "snowflake";
        if (type != null && !type.trim().equals("snowflake")) {
            diag.problem(k.pathOf("type"), "unknown type '" + type + "'" + Suggestions.closest(type, List.of("snowflake"))
                    .map(s -> " (did you mean '" + s + "'?)").orElse(" (only snowflake is supported)"));
            return null;
        }
        String layout = null;
        if (k.has("layout")) {
            layout = ConfigReader.idLayout(k, "layout", diag);
            if (layout == null) {
                return null;
            }
        }
        return column == null || type == null ? null : new KeyGeneratorConfig(column, "snowflake", layout);
    }

    private String column(YamlMap section, String key) {
        String text = section.text(key);
        if (text == null) {
            return null;
        }
        String column = text.trim();
        return checkIdentifier(diag, column, section.pathOf(key)) ? column : null;
    }

    /** MySQL names the proxy rewrites and suffixes: plain ASCII identifiers of at most 64 characters. */
    static boolean checkIdentifier(Diagnostics diag, String name, String at) {
        if (!name.matches("[A-Za-z0-9_$]+") || name.matches("\\d+")) {
            diag.problem(at, "'" + name + "' is not a plain identifier (letters, digits, _ and $)");
            return false;
        } else if (name.length() > 64) {
            diag.problem(at, "'" + name + "' is longer than 64 characters");
            return false;
        }
        return true;
    }
}
