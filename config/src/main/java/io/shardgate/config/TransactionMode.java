package io.shardgate.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a schema's transactions commit when they wrote on more than one node ({@code transaction-mode}); a transaction
 * that wrote on one node commits with a plain COMMIT in every mode.
 */
public enum TransactionMode {
    /** Two-phase commit over XA, the decision kept on one participant (see docs/architecture.md). */
    XA("xa"),
    /** A write on a second node is refused: every transaction stays on one node. */
    SINGLE_NODE("single-node"),
    /** COMMIT node by node: a failure between two COMMITs leaves one node committed (not atomic). */
    BEST_EFFORT("best-effort");

    private final String yamlName;

    TransactionMode(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Optional<TransactionMode> fromYaml(String text) {
        return Arrays.stream(values()).filter(m -> m.yamlName.equalsIgnoreCase(text)).findFirst();
    }

    static List<String> yamlNames() {
        return Arrays.stream(values()).map(TransactionMode::yamlName).toList();
    }
}
