package io.shardgate.ittests.backends;

import java.util.Objects;

/**
 * One MySQL-compatible server as a test sees it, whatever started it.
 *
 * @param name         {@code primary-0}, {@code replica-0}, ...
 * @param host         where to connect from the test JVM
 * @param port         the port on that host
 * @param user         the proxy's account ({@code shard})
 * @param password     its password
 * @param rootPassword {@code root}'s password over TCP
 */
public record BackendEndpoint(String name, String host, int port, String user, String password,
                              String rootPassword) {

    public BackendEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(rootPassword, "rootPassword");
    }

    public String jdbcUrl() {
        return "jdbc:mysql://" + host + ":" + port + "/";
    }

    public String jdbcUrl(String schema) {
        return jdbcUrl() + schema;
    }

    /** {@code host:port}, as sharding.yaml writes node addresses. */
    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return name + "@" + address();
    }
}
