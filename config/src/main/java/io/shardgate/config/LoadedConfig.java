package io.shardgate.config;

import java.util.List;

/**
 * A config that loaded, plus the values that were adjusted on the way (each also logged as a
 * warning), for tools such as {@code check-config} that want to show them.
 */
public record LoadedConfig(ShardgateConfig config, List<ConfigProblem> warnings) {

    public LoadedConfig {
        warnings = List.copyOf(warnings);
    }
}
