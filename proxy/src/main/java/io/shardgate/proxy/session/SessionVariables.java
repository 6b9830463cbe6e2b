package io.shardgate.proxy.session;

import java.util.LinkedHashMap;
import java.util.Map;
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

    private final Map<String, String> values = new LinkedHashMap<>();
    private long version;

    public void set(String name, String valueSql) {
        String previous = values.put(name, valueSql);
        if (!valueSql.equals(previous)) {
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
     * The SET statement that brings a connection holding {@code applied} to this state, or null when
     * nothing differs. Variables the connection has but the session does not are left alone: they can only
     * come from this same session (connections are reset before they return to the pool).
     */
    public String syncStatement(Map<String, String> applied, UnaryOperator<String> backendName) {
        StringBuilder sql = null;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getValue().equals(applied.get(e.getKey()))) {
                continue;
            }
            sql = sql == null ? new StringBuilder("SET ") : sql.append(", ");
            sql.append(assignment(backendName.apply(e.getKey()), e.getValue()));
        }
        return sql == null ? null : sql.toString();
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
