package io.shardgate.config;

import java.util.Arrays;
import java.util.Optional;

/** The shard strategies, named as written in YAML. */
public enum StrategyType {
    HASH_MOD("hash-mod"),
    RANGE("range"),
    TIME("time"),
    REGION("region"),
    CONSISTENT_HASH("consistent-hash"),
    LOOKUP("lookup");

    private final String yamlName;

    StrategyType(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Optional<StrategyType> fromYaml(String name) {
        return Arrays.stream(values()).filter(t -> t.yamlName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return yamlName;
    }
}
