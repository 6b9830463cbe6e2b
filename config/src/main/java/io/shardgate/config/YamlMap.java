package io.shardgate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping being read into the model, with its config path. Every getter reports what is
 * wrong to {@link Diagnostics} and returns null (or the default) instead of throwing, so a whole
 * file is checked in one pass.
 *
 * <p>Why a composed node tree rather than snakeyaml's maps: every scalar stays text until the key
 * that owns it says what type it is. That keeps YAML 1.1 surprises out ({@code 10:30} read as the
 * number 630, {@code 2024-01-01} as a Date, {@code on} as true), lets {@code ${VAR}} substitution
 * come first, and gives messages like {@code 'abc' is not an integer} instead of class cast errors.
 * Nothing is ever constructed from tags, so no type can be smuggled in.
 */
final class YamlMap {

    private final String path;
    private final Map<String, Node> entries;
    private final Set<String> validKeys;
    private final Diagnostics diag;

    private YamlMap(String path, Map<String, Node> entries, Set<String> validKeys, Diagnostics diag) {
        this.path = path;
        this.entries = entries;
        this.validKeys = validKeys;
        this.diag = diag;
    }

    /** Reads {@code node} as a mapping and reports its unknown keys; null (reported) when it is not one. */
    static YamlMap of(Node node, String path, Set<String> validKeys, Diagnostics diag) {
        if (!(node instanceof MappingNode mapping)) {
            diag.problem(path, "expected a mapping, found " + (mayHoldSecret(path) ? "a single value" : describe(node)));
            return null;
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        collect(mapping, path, entries, diag);
        for (String key : entries.keySet()) {
            if (!validKeys.contains(key)) {
                String hint = Suggestions.closest(key, validKeys)
                        .map(s -> "did you mean '" + s + "'?")
                        .orElse("valid keys: " + String.join(", ", validKeys));
                diag.problem(Diagnostics.join(path, key), "unknown key (" + hint + ")");
            }
        }
        return new YamlMap(path, entries, validKeys, diag);
    }

    /** Explicit keys first, then {@code <<} merges fill in what is not set explicitly. */
    private static void collect(MappingNode mapping, String path, Map<String, Node> into, Diagnostics diag) {
        List<Node> merges = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                diag.problem(path, "keys must be plain text, found " + describe(tuple.getKeyNode()));
                continue;
            }
            if (keyNode.getTag().equals(Tag.MERGE)) {
                merges.add(tuple.getValueNode());
            } else if (into.putIfAbsent(keyNode.getValue(), tuple.getValueNode()) != null) {
                diag.problem(Diagnostics.join(path, keyNode.getValue()), "duplicate key");
            }
        }
        for (Node merge : merges) {
            List<Node> sources = merge instanceof SequenceNode seq ? seq.getValue() : List.of(merge);
            for (Node source : sources) {
                if (source instanceof MappingNode m) {
                    Map<String, Node> merged = new LinkedHashMap<>();
                    collect(m, path, merged, diag);
                    merged.forEach(into::putIfAbsent);
                } else {
                    diag.problem(path, "'<<' must merge a mapping, found " + describe(source));
                }
            }
        }
    }

    static String describe(Node node) {
        if (node == null || isNull(node)) {
            return "nothing";
        } else if (node instanceof MappingNode) {
            return "a mapping";
        } else if (node instanceof SequenceNode) {
            return "a list";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }

    /** A user entry written as one scalar ({@code - app:s3cret}) would put its password in the message. */
    private static boolean mayHoldSecret(String path) {
        return path.contains("users") || path.contains("password");
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return Diagnostics.join(path, checked(key));
    }

    Diagnostics diagnostics() {
        return diag;
    }

    /** True when the key is present with a non-null value. */
    boolean has(String key) {
        Node n = entries.get(checked(key));
        return n != null && !isNull(n);
    }

    /** The value node, or null when absent or written as YAML null. */
    Node node(String key) {
        return has(key) ? entries.get(key) : null;
    }

    private String checked(String key) {
        if (!validKeys.contains(key)) {
            throw new IllegalArgumentException("reader asked for undeclared key " + key); // a bug, not bad input
        }
        return key;
    }

    void missing(String key) {
        diag.problem(pathOf(key), "required key is missing");
    }

    /** Reports {@code message} against {@code key} when it is present: for keys that do not apply. */
    void rejectIfPresent(String key, String message) {
        if (entries.containsKey(checked(key))) {
            diag.problem(pathOf(key), message);
        }
    }

    // ---------------------------------------------------------------- scalars

    /** The scalar's text after {@code ${VAR}} substitution; null when absent or wrong (reported). */
    String text(String key) {
        Node n = node(key);
        return n == null ? null : scalar(n, pathOf(key));
    }

    String requiredText(String key) {
        if (!has(key)) {
            missing(key);
            return null;
        }
        return text(key);
    }

    String scalar(Node n, String at) {
        if (!(n instanceof ScalarNode s)) {
            diag.problem(at, "expected a single value, found " + describe(n));
            return null;
        }
        try {
            return EnvSubstitution.substitute(s.getValue(), diag.env());
        } catch (IllegalArgumentException e) {
            // A malformed reference in a password is most likely part of the password: do not echo it.
            boolean secret = at.endsWith("password") && !e.getMessage().startsWith("environment variable");
            diag.problem(at, secret ? "contains a malformed ${...} reference (write $${ for a literal ${)" : e.getMessage());
            return null;
        }
    }

    Integer integer(String key, Integer dflt, int min, int max) {
        Long v = longValue(key, dflt == null ? null : dflt.longValue(), min, max);
        return v == null ? null : v.intValue();
    }

    Long longValue(String key, Long dflt, long min, long max) {
        if (!has(key)) {
            return dflt;
        }
        String t = text(key);
        return t == null ? null : parseLong(t, pathOf(key), min, max);
    }

    /** Decimal integers, {@code _} allowed as a digit separator ({@code 100_000}). */
    Long parseLong(String text, String at, long min, long max) {
        String digits = text.trim().replace("_", "");
        long v;
        try {
            if (!digits.matches("[-+]?\\d+")) {
                throw new NumberFormatException();
            }
            v = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            diag.problem(at, "'" + text + "' is not an integer");
            return null;
        }
        if (v < min || v > max) {
            diag.problem(at, max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                    ? "must be at least " + min + ", got " + v
                    : v + " is out of range " + min + ".." + max);
            return null;
        }
        return v;
    }

    boolean bool(String key, boolean dflt) {
        String t = has(key) ? text(key) : null;
        if (t == null) {
            return dflt;
        }
        return switch (t.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                diag.problem(pathOf(key), "'" + t + "' is not a boolean (true or false)");
                yield dflt;
            }
        };
    }

    /** A duration; null when invalid (reported); values below {@code min} are reported too. */
    Duration duration(String key, Duration dflt, Duration min) {
        if (!has(key)) {
            return dflt;
        }
        String t = text(key);
        if (t == null) {
            return null;
        }
        try {
            Duration d = DurationText.parse(t);
            if (d.compareTo(min) < 0) {
                diag.problem(pathOf(key), "must be at least " + DurationText.format(min) + ", got '" + t + "'");
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            diag.problem(pathOf(key), e.getMessage());
            return null;
        }
    }

    /** A byte size ({@link SizeText}); the default when absent, null when invalid or out of range (reported). */
    Long size(String key, long dflt, long min, long max) {
        if (!has(key)) {
            return dflt;
        }
        String t = text(key);
        if (t == null) {
            return null;
        }
        try {
            long v = SizeText.parse(t);
            if (v < min || v > max) {
                diag.problem(pathOf(key), "'" + t + "' is out of range " + SizeText.format(min) + ".."
                        + SizeText.format(max));
                return null;
            }
            return v;
        } catch (IllegalArgumentException e) {
            diag.problem(pathOf(key), e.getMessage());
            return null;
        }
    }

    /** A {@code host:port}; the default when absent, null when invalid (reported). */
    HostPort address(String key, HostPort dflt) {
        if (!has(key)) {
            return dflt;
        }
        String t = text(key);
        return t == null ? null : parseAddress(t, pathOf(key));
    }

    HostPort parseAddress(String text, String at) {
        try {
            HostPort hp = HostPort.parse(text);
            if (hp.host().isEmpty() || !hp.host().matches("[A-Za-z0-9._:%-]+")) {
                diag.problem(at, "'" + text + "' has an invalid host");
                return null;
            }
            return hp;
        } catch (IllegalArgumentException e) {
            diag.problem(at, e.getMessage());
            return null;
        }
    }

    // ---------------------------------------------------------------- collections

    /**
     * The items of a list; a single value is taken as a list of one ({@code schemas: shop}).
     * Absent means empty; null when the value is a mapping (reported).
     */
    List<Node> items(String key) {
        Node n = node(key);
        if (n == null) {
            return List.of();
        } else if (n instanceof SequenceNode seq) {
            return seq.getValue();
        } else if (n instanceof ScalarNode) {
            return List.of(n);
        }
        diag.problem(pathOf(key), "expected a list, found " + describe(n));
        return null;
    }

    /** A list of scalars; null when the value or any item is invalid (each reported). */
    List<String> texts(String key) {
        List<Node> items = items(key);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>(items.size());
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            String t = scalar(items.get(i), itemPath(key, i));
            ok &= t != null;
            out.add(t);
        }
        return ok ? out : null;
    }

    String itemPath(String key, int index) {
        return pathOf(key) + "[" + index + "]";
    }

    /** An optional nested mapping; null when absent or invalid (reported). */
    YamlMap map(String key, Set<String> keys) {
        Node n = node(key);
        return n == null ? null : of(n, pathOf(key), keys, diag);
    }

    /**
     * A list of mappings that each have a name under {@code nameKey}: items get the path
     * {@code list.name} (or {@code list[i]} when unnamed or a duplicate). Duplicate names are reported.
     *
     * @param noun what the items are, for messages ("node", "table")
     */
    List<YamlMap> namedMaps(String key, String nameKey, Set<String> keys, String noun, boolean ignoreCase) {
        List<Node> items = items(key);
        if (items == null) {
            return List.of();
        }
        List<YamlMap> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String name = rawName(item, nameKey);
            String itemPath = itemPath(key, i);
            if (name != null) {
                if (seen.add(ignoreCase ? name.toLowerCase(Locale.ROOT) : name)) {
                    itemPath = Diagnostics.join(pathOf(key), name);
                } else {
                    diag.problem(itemPath + "." + nameKey, "duplicate " + noun + " name '" + name + "'");
                }
            }
            YamlMap m = of(item, itemPath, keys, diag);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    /** The literal name of a list item, used only to build paths; null when it is absent or not path-safe. */
    private static String rawName(Node item, String nameKey) {
        if (item instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(nameKey)
                        && t.getValueNode() instanceof ScalarNode v && !isNull(v)
                        && v.getValue().trim().matches("[A-Za-z0-9_$-]+")) {
                    return v.getValue().trim();
                }
            }
        }
        return null;
    }

    /** The keys of a nested mapping whose keys are data, not settings ({@code regions}); null if invalid. */
    Map<String, Node> dataMap(String key) {
        Node n = node(key);
        if (n == null) {
            return Map.of();
        }
        if (!(n instanceof MappingNode mapping)) {
            diag.problem(pathOf(key), "expected a mapping, found " + describe(n));
            return null;
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        collect(mapping, pathOf(key), entries, diag);
        return entries;
    }
}
