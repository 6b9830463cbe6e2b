package io.shardgate.harness;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One server of a {@link BackendCluster}: where to reach it and as whom.
 *
 * @param name      {@code primary-0}, {@code replica-1}, ...: unique within its cluster
 * @param role      primary or replica
 * @param index     position among the servers of the same role, from 0
 * @param host      always {@code 127.0.0.1}
 * @param port      its own free loopback port
 * @param socket    its Unix socket, used by the harness's own SQL
 * @param directory its files: {@code data/}, {@code tmp/}, {@code my.cnf}, {@code error.log}
 * @param proxyUser the account the proxy logs in with ({@code shard}/{@code shard},
 *                  mysql_native_password, all privileges)
 * @param rootUser  {@code root} with a known password over TCP, for tests
 */
public record BackendServer(String name, Role role, int index, String host, int port, Path socket,
                            Path directory, Credentials proxyUser, Credentials rootUser) {

    public BackendServer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(proxyUser, "proxyUser");
        Objects.requireNonNull(rootUser, "rootUser");
    }

    /** {@code jdbc:mysql://127.0.0.1:PORT/} with no default schema. */
    public String jdbcUrl() {
        return "jdbc:mysql://" + host + ":" + port + "/";
    }

    /** {@code jdbc:mysql://127.0.0.1:PORT/SCHEMA}. */
    public String jdbcUrl(String schema) {
        return jdbcUrl() + schema;
    }

    /** The proxy account's user name. */
    public String user() {
        return proxyUser.user();
    }

    /** The proxy account's password. */
    public String password() {
        return proxyUser.password();
    }

    public Path errorLog() {
        return directory.resolve("error.log");
    }

    @Override
    public String toString() {
        return name + "@" + host + ":" + port;
    }
}
