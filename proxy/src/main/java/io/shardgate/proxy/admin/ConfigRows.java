package io.shardgate.proxy.admin;

import io.shardgate.config.Secret;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * {@code SHOW CONFIG}: the running config, one row per setting ({@code nodes.ds0.pool.max | 64}), walked from the
 * loaded records so that every key a release adds shows without this class knowing it. Paths are the YAML's keys
 * (list items by their name), with defaults filled in; durations in milliseconds. Passwords are {@link Secret}s and
 * print as {@code ****}; nothing else of the config is secret.
 */
final class ConfigRows {

    private ConfigRows() {
    }

    static AdminTable of(Object config) {
        AdminTable.Builder t = AdminTable.of("setting", "value");
        walk(config, "", t, 0);
        return t.build();
    }

    private static void walk(Object value, String path, AdminTable.Builder t, int depth) {
        if (value == null || depth > 12) {
            return;
        }
        switch (value) {
            case Secret s -> t.row(path, s.toString());
            case Duration d -> t.row(path, d.isZero() ? "0" : d.toMillis() + "ms");
            case CharSequence c -> t.row(path, c.toString());
            case Number n -> t.row(path, n);
            case Boolean b -> t.row(path, b);
            case Enum<?> e -> t.row(path, e.toString());
            case Path p -> t.row(path, p.toString());
            case Map<?, ?> m -> m.forEach((k, v) -> walk(v, join(path, String.valueOf(k)), t, depth + 1));
            case Collection<?> items -> {
                if (items.isEmpty()) {
                    return;
                }
                if (items.stream().allMatch(ConfigRows::isScalar)) {
                    t.row(path, String.join(", ", items.stream().map(ConfigRows::text).toList()));
                    return;
                }
                int i = 0;
                for (Object item : items) {
                    String name = nameOf(item);
                    walk(item, join(path, name != null ? name : "[" + i + "]"), t, depth + 1);
                    i++;
                }
            }
            case Record r -> {
                if (isScalar(r)) {
                    t.row(path, text(r));
                    return;
                }
                for (RecordComponent c : r.getClass().getRecordComponents()) {
                    Object v = read(c, r);
                    switch (c.getName()) {
                        // sections the YAML writes flat: proxy.max-packet, a table's range-size ...
                        case "limits", "params" -> walk(v, path, t, depth + 1);
                        case "slowQuery" -> t.row(join(path, "slow-query-ms"), ((Duration) v).toMillis());
                        default -> walk(v, join(path, kebab(c.getName())), t, depth + 1);
                    }
                }
            }
            default -> t.row(path, value.toString());
        }
    }

    /** Values whose {@code toString} is their config text (addresses, replicas, zone ids). */
    private static boolean isScalar(Object o) {
        return o instanceof CharSequence || o instanceof Number || o instanceof io.shardgate.config.HostPort
                || o instanceof io.shardgate.config.ReplicaConfig || o instanceof java.time.ZoneId;
    }

    private static String text(Object o) {
        return o instanceof io.shardgate.config.ReplicaConfig r ? r.address() + "@" + r.weight() : String.valueOf(o);
    }

    private static String nameOf(Object item) {
        if (item instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                if ((c.getName().equals("name") || c.getName().equals("user") || c.getName().equals("schema"))
                        && read(c, r) instanceof String s) {
                    return s;
                }
            }
        }
        return null;
    }

    private static Object read(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** {@code maxReplicaLag} as the YAML writes it: {@code max-replica-lag}. */
    static String kebab(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
