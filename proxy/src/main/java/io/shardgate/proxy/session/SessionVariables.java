package io.shardgate.proxy.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The session-level SETs a client made, as name -> value SQL text, in the order first set. A backend
 * connection that starts serving the session replays them with one {@code SET a=.., b=..} statement
 * (only the ones it does not already have), so nothing a client sets is lost when its statements reach
 * another node or a fresh pooled connection.
 *
 * <p>Names are normalized: lower case, without {@code @@session.}/{@code session } prefixes; user variables
 * keep their {@code @}. The value is the expression text exactly as written by the client.
 */
public final class SessionVariables {

    /** The names whose assignment changes how the server reads the rest of a statement. */
    static final Set<String> LEXICAL = Set.of("names", "character set", "character_set_client", "sql_mode");

    private final Map<String, String> values = new LinkedHashMap<>();
    private long version;

    public void set(String name, String valueSql) {
        String previous = values.put(name, valueSql);
        if (!valueSql.equals(previous)) {
            version++;
        }
    }

    public void remove(String name) {
        if (values.remove(name) != null) {
            version++;
        }
    }

    public String get(String name) {
        return values.get(name);
    }

    public Map<String, String> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** Increases on every change, so a backend connection can tell cheaply whether it is up to date. */
    public long version() {
        return version;
    }

    public void clear() {
        if (!values.isEmpty()) {
            values.clear();
            version++;
        }
    }

    /**
     * The SET statements that bring a connection holding {@code applied} to this state, in order; empty when
     * nothing differs. Variables the connection has but the session does not (another session's, on a connection
     * shared between statements) go back to their defaults: {@code DEFAULT}, the proxy's utf8mb4 for the
     * charset, NULL for a user variable.
     *
     * <p>Values are kept written for the session's current charset and sql_mode, while a server reads a whole
     * statement in the charset and mode it had before the statement ran. So when the charset or sql_mode
     * changes, those assignments go first, in a statement of their own, and the rest follows in a second one;
     * unless the rest reads the same whatever the mode and charset (ASCII, no backslash, no double quote),
     * then one statement does, as it does in the common case.
     */
    public List<String> syncStatements(Map<String, String> applied, UnaryOperator<String> backendName) {
        StringBuilder lexical = null;
        StringBuilder rest = null;
        boolean restNeutral = true;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getValue().equals(applied.get(e.getKey()))) {
                continue;
            }
            String assignment = assignment(backendName.apply(e.getKey()), e.getValue());
            if (LEXICAL.contains(e.getKey())) {
                lexical = lexical == null ? new StringBuilder("SET ") : lexical.append(", ");
                lexical.append(assignment);
            } else {
                rest = rest == null ? new StringBuilder("SET ") : rest.append(", ");
                rest.append(assignment);
                restNeutral &= readsTheSameInEveryMode(e.getValue());
            }
        }
        for (Map.Entry<String, String> e : applied.entrySet()) {
            if (values.containsKey(e.getKey())) {
                continue;
            }
            String assignment = assignment(backendName.apply(e.getKey()), defaultOf(e.getKey()));
            if (LEXICAL.contains(e.getKey())) {
                lexical = lexical == null ? new StringBuilder("SET ") : lexical.append(", ");
                lexical.append(assignment);
            } else {
                rest = rest == null ? new StringBuilder("SET ") : rest.append(", ");
                rest.append(assignment);
            }
        }
        if (lexical == null) {
            return rest == null ? List.of() : List.of(rest.toString());
        }
        if (rest == null) {
            return List.of(lexical.toString());
        }
        if (restNeutral) {
            return List.of(lexical.append(", ").append(rest, 4, rest.length()).toString());
        }
        return List.of(lexical.toString(), rest.toString());
    }

    /**
     * The changed variables as one SET statement, or null when nothing differs: for a connection that must
     * read them in the mode and charset they were written in (the client's own SET, applied as written).
     */
    public String oneStatement(Map<String, String> applied, UnaryOperator<String> backendName) {
        StringBuilder sql = null;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!e.getValue().equals(applied.get(e.getKey()))) {
                sql = sql == null ? new StringBuilder("SET ") : sql.append(", ");
                sql.append(assignment(backendName.apply(e.getKey()), e.getValue()));
            }
        }
        return sql == null ? null : sql.toString();
    }

    /** Rewrites every recorded value (after the session's sql_mode changed: see {@link #syncStatements}). */
    public void rewriteValues(UnaryOperator<String> rewrite) {
        boolean changed = false;
        for (Map.Entry<String, String> e : values.entrySet()) {
            String value = rewrite.apply(e.getValue());
            if (!value.equals(e.getValue())) {
                e.setValue(value);
                changed = true;
            }
        }
        if (changed) {
            version++;
        }
    }

    /** The value that undoes another session's {@code name}: see {@link #syncStatements}. */
    private static String defaultOf(String name) {
        return switch (name) {
            case "names" -> "utf8mb4";
            case "character set" -> "utf8mb4";
            default -> name.startsWith("@") ? "NULL" : "DEFAULT";
        };
    }

    static boolean readsTheSameInEveryMode(String valueSql) {
        for (int i = 0; i < valueSql.length(); i++) {
            char c = valueSql.charAt(i);
            if (c >= 0x80 || c == '\\' || c == '"') {
                return false;
            }
        }
        return true;
    }

    /** Restores a previous snapshot (a SET the backend refused must not stay recorded). */
    public void restore(Map<String, String> snapshot) {
        values.clear();
        values.putAll(snapshot);
        version++;
    }

    static String assignment(String name, String valueSql) {
        if (name.equals("names")) {
            return "NAMES " + valueSql;
        }
        if (name.equals("character set")) {
            return "CHARACTER SET " + valueSql;
        }
        if (name.startsWith("@")) {
            return name + " = " + valueSql;
        }
        return "@@session." + name + " = " + valueSql;
    }
}
