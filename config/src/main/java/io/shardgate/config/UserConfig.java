package io.shardgate.config;

import java.util.List;

/**
 * A login the proxy accepts.
 *
 * @param schemas logical schemas this user may use; empty means all
 */
public record UserConfig(String user, Secret password, List<String> schemas) {

    public UserConfig {
        schemas = List.copyOf(schemas);
    }

    public boolean mayUse(String schema) {
        return schemas.isEmpty() || schemas.stream().anyMatch(s -> s.equalsIgnoreCase(schema));
    }
}
