package io.shardgate.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import io.shardgate.config.StrategyParams.Period;
import io.shardgate.config.StrategyParams.TimeUnit;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads each strategy's own keys of a table into its {@link StrategyParams}. Checks that depend on
 * the number of shards are skipped when that number is unknown (bad {@code locations}, already
 * reported), so one mistake does not produce a cascade of messages.
 */
final class StrategyParamsReader {

    static final Set<String> LOOKUP_KEYS = ConfigReader.keys("node", "table", "allocate", "cache-size");
    static final int DEFAULT_VIRTUAL_NODES = 160;
    static final long DEFAULT_LOOKUP_CACHE_SIZE = 100_000;

    private final Diagnostics diag;
    private final NodeNames nodes;

    StrategyParamsReader(Diagnostics diag, NodeNames nodes) {
        this.diag = diag;
        this.nodes = nodes;
    }

    /** Params of every strategy but time; null when invalid (reported). */
    StrategyParams read(StrategyType type, YamlMap t, Integer shardCount) {
        return switch (type) {
            case HASH_MOD -> new StrategyParams.None();
            case RANGE -> range(t, shardCount);
            case REGION -> region(t, shardCount);
            case CONSISTENT_HASH -> {
                Integer v = t.integer("virtual-nodes", DEFAULT_VIRTUAL_NODES, 1, 10_000);
                yield v == null ? null : new StrategyParams.ConsistentHash(v);
            }
            case LOOKUP -> lookup(t);
            case TIME -> throw new IllegalArgumentException("time params are read by time()");
        };
    }

    private StrategyParams range(YamlMap t, Integer shardCount) {
        boolean hasSize = t.has("range-size");
        boolean hasBoundaries = t.has("boundaries");
        if (hasSize && hasBoundaries) {
            diag.problem(t.pathOf("boundaries"), "give either range-size or boundaries, not both");
            return null;
        } else if (!hasSize && !hasBoundaries) {
            diag.problem(t.pathOf("range-size"), "required key is missing (or give boundaries)");
            return null;
        } else if (hasSize) {
            Long size = t.longValue("range-size", null, 1, Long.MAX_VALUE);
            if (size != null && shardCount != null && Long.MAX_VALUE / size < shardCount) {
                diag.problem(t.pathOf("range-size"), size + " x " + shardCount + " shards does not fit in a 64-bit integer");
                return null;
            }
            return size == null ? null : new StrategyParams.Range(size, null);
        }
        List<String> texts = t.texts("boundaries");
        if (texts == null) {
            return null;
        }
        List<Long> boundaries = new ArrayList<>();
        boolean ok = true;
        Long previous = null;
        for (int i = 0; i < texts.size(); i++) {
            Long b = t.parseLong(texts.get(i), t.itemPath("boundaries", i), Long.MIN_VALUE, Long.MAX_VALUE);
            if (b == null) {
                ok = false;
                continue;
            } else if (previous != null && b <= previous) {
                diag.problem(t.itemPath("boundaries", i), b + " is not greater than the boundary before it ("
                        + previous + ")");
                ok = false;
            }
            boundaries.add(b);
            previous = b;
        }
        if (ok && shardCount != null && boundaries.size() != shardCount + 1) {
            diag.problem(t.pathOf("boundaries"), "has " + boundaries.size() + " values but " + shardCount
                    + " shards need " + (shardCount + 1) + " (one more than shards)");
            ok = false;
        }
        return ok ? new StrategyParams.Range(null, boundaries) : null;
    }

    /** Time params; {@code tableNodes} (null when invalid) fixes how many periods there must be. */
    StrategyParams.Time time(YamlMap t, List<String> tableNodes) {
        TimeUnit unit = null;
        String unitText = t.requiredText("unit");
        if (unitText != null) {
            List<String> names = Arrays.stream(TimeUnit.values()).map(u -> u.name().toLowerCase(Locale.ROOT)).toList();
            String lower = unitText.trim().toLowerCase(Locale.ROOT);
            if (names.contains(lower)) {
                unit = TimeUnit.valueOf(lower.toUpperCase(Locale.ROOT));
            } else {
                diag.problem(t.pathOf("unit"), "unknown unit '" + unitText + "'" + Suggestions.closest(unitText, names)
                        .map(s -> " (did you mean '" + s + "'?)").orElse(" (day, month or year)"));
            }
        }
        if (!t.has("periods")) {
            t.missing("periods");
            return null;
        }
        List<String> texts = t.texts("periods");
        if (unit == null || texts == null) {
            return null;
        }
        if (texts.isEmpty()) {
            diag.problem(t.pathOf("periods"), "at least one period is required");
            return null;
        }
        List<Period> periods = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < texts.size(); i++) {
            String at = t.itemPath("periods", i);
            try {
                Period p = PeriodText.parse(texts.get(i), unit);
                if (!periods.isEmpty() && periods.getLast() != null && !p.first().isAfter(periods.getLast().last())) {
                    diag.problem(at, "'" + texts.get(i) + "' starts before the end of the period before it ("
                            + PeriodText.format(periods.getLast(), unit) + "); periods must be in order and must not overlap");
                    ok = false;
                }
                periods.add(p);
            } catch (IllegalArgumentException e) {
                diag.problem(at, e.getMessage());
                ok = false;
                periods.add(null);
            }
        }
        if (tableNodes != null && texts.size() != tableNodes.size()) {
            diag.problem(t.pathOf("periods"), "has " + texts.size() + (texts.size() == 1 ? " period" : " periods")
                    + " but nodes has " + tableNodes.size() + " (one period per node, in nodes order)");
            ok = false;
        }
        return ok ? new StrategyParams.Time(unit, periods) : null;
    }

    private StrategyParams region(YamlMap t, Integer shardCount) {
        if (!t.has("regions")) {
            t.missing("regions");
            return null;
        }
        Map<String, Node> entries = t.dataMap("regions");
        if (entries == null) {
            return null;
        }
        if (entries.isEmpty()) {
            diag.problem(t.pathOf("regions"), "at least one region is required");
            return null;
        }
        int maxIndex = shardCount == null ? Integer.MAX_VALUE : shardCount - 1;
        Map<String, Integer> regions = new LinkedHashMap<>();
        Map<String, String> writtenAs = new HashMap<>();
        boolean ok = true;
        for (Map.Entry<String, Node> e : entries.entrySet()) {
            String at = t.pathOf("regions") + "." + e.getKey();
            String value = e.getKey().trim().toLowerCase(Locale.ROOT);
            if (value.isEmpty()) {
                diag.problem(at, "a region value must not be empty");
                ok = false;
                continue;
            }
            String text = t.scalar(e.getValue(), at);
            Long index = text == null ? null : t.parseLong(text, at, 0, maxIndex);
            if (writtenAs.containsKey(value)) {
                diag.problem(at, "region '" + e.getKey() + "' is also written '" + writtenAs.get(value)
                        + "' (regions are case-insensitive)");
                ok = false;
            }
            writtenAs.putIfAbsent(value, e.getKey());
            if (index == null) {
                ok = false;
            } else {
                regions.put(value, index.intValue());
            }
        }
        Integer defaultShard = t.integer("default-shard", null, 0, maxIndex);
        if (t.has("default-shard") && defaultShard == null) {
            ok = false;
        }
        if (ok && shardCount != null) {
            warnUnusedShards(t, shardCount, regions, defaultShard);
        }
        return ok ? new StrategyParams.Region(regions, defaultShard) : null;
    }

    private void warnUnusedShards(YamlMap t, int shardCount, Map<String, Integer> regions, Integer defaultShard) {
        TreeSet<Integer> unused = new TreeSet<>();
        for (int i = 0; i < shardCount; i++) {
            unused.add(i);
        }
        unused.removeAll(regions.values());
        if (defaultShard != null) {
            unused.remove(defaultShard);
        }
        if (!unused.isEmpty()) {
            diag.warn(t.pathOf("regions"), (unused.size() == 1 ? "shard " : "shards ")
                    + String.join(", ", unused.stream().map(String::valueOf).toList())
                    + " receive no region and stay empty");
        }
    }

    private StrategyParams lookup(YamlMap t) {
        if (!t.has("lookup")) {
            t.missing("lookup");
            return null;
        }
        YamlMap l = t.map("lookup", LOOKUP_KEYS);
        if (l == null) {
            return null;
        }
        int before = diag.problemCount();
        String node = l.requiredText("node");
        if (node != null) {
            nodes.check(node, l.pathOf("node"));
        }
        String table = l.requiredText("table");
        if (table != null) {
            TableReader.checkIdentifier(diag, table, l.pathOf("table"));
        }
        StrategyType allocate = StrategyType.HASH_MOD;
        String allocateText = l.text("allocate");
        if (allocateText != null) {
            List<String> allowed = List.of(StrategyType.HASH_MOD.yamlName(), StrategyType.CONSISTENT_HASH.yamlName());
            StrategyType type = StrategyType.fromYaml(allocateText.trim()).orElse(null);
            if (type == StrategyType.HASH_MOD || type == StrategyType.CONSISTENT_HASH) {
                allocate = type;
            } else if (type != null) {
                diag.problem(l.pathOf("allocate"), "'" + allocateText + "' cannot allocate new keys (hash-mod or consistent-hash)");
            } else {
                diag.problem(l.pathOf("allocate"), "unknown type '" + allocateText + "'" + Suggestions.closest(allocateText, allowed)
                        .map(s -> " (did you mean '" + s + "'?)").orElse(" (hash-mod or consistent-hash)"));
            }
        }
        Long cacheSize = l.longValue("cache-size", DEFAULT_LOOKUP_CACHE_SIZE, 0, 1_000_000_000);
        return diag.problemCount() > before ? null : new StrategyParams.Lookup(node, table, allocate, cacheSize);
    }
}
