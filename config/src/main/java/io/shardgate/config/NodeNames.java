package io.shardgate.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The declared node names, checked wherever a schema or table refers to one; remembers which are used. */
final class NodeNames {

    private final List<String> declared;
    private final Diagnostics diag;
    private final Set<String> used = new LinkedHashSet<>();

    NodeNames(List<String> declared, Diagnostics diag) {
        this.declared = declared;
        this.diag = diag;
    }

    /** True when {@code name} is a declared node; otherwise reports it at {@code at}. */
    boolean check(String name, String at) {
        if (declared.contains(name)) {
            used.add(name);
            return true;
        }
        String hint = Suggestions.closest(name, declared).map(s -> " (did you mean '" + s + "'?)")
                .orElse(declared.isEmpty() ? "" : " (nodes: " + String.join(", ", declared) + ")");
        diag.problem(at, "unknown node '" + name + "'" + hint);
        return false;
    }

    /** The declared names in file order. */
    List<String> all() {
        return declared;
    }

    Set<String> used() {
        return used;
    }
}
