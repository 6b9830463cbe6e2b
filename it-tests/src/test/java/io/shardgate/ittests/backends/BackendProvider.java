package io.shardgate.ittests.backends;

import java.util.Locale;

/**
 * Starts {@link Backends}. {@code -Dbackends=local} (the default) runs {@code mariadbd}
 * processes through the harness; {@code -Dbackends=docker} runs MySQL 8.4 containers.
 */
public interface BackendProvider {

    String PROPERTY = "backends";

    Backends start(Topology topology);

    /** The provider {@code -Dbackends} names. */
    static BackendProvider selected() {
        String name = System.getProperty(PROPERTY, "local").trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "", "local" -> new LocalBackendProvider();
            case "docker" -> new DockerBackendProvider();
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + name
                    + " is not a backend provider; use local or docker");
        };
    }
}
