package io.shardgate.config;

import java.util.List;
import java.util.Optional;

/**
 * A login the proxy accepts, and what it may do.
 *
 * @param schemas logical schemas this user may use, each possibly read-only; empty means all schemas
 * @param readOnly the user may not change anything, in any schema
 * @param maxConnections most client connections this user may hold at once; {@link #NO_LIMIT} leaves only
 *     {@code proxy.max-connections}
 * @param requireTls a login over a plain connection is refused, as MySQL's {@code REQUIRE SSL}
 */
public record UserConfig(String user, Secret password, List<SchemaGrant> schemas, boolean readOnly,
                         int maxConnections, boolean requireTls) {

    public static final int NO_LIMIT = 0;

    public UserConfig {
        schemas = List.copyOf(schemas);
    }

    /** A user with neither restrictions nor limits (admin logins, tools). */
    public UserConfig(String user, Secret password) {
        this(user, password, List.of(), false, NO_LIMIT, false);
    }

    public boolean mayUse(String schema) {
        return schemas.isEmpty() || grant(schema).isPresent();
    }

    /** Whether the user may change data or objects of {@code schema}: it may use it and nothing makes it read-only. */
    public boolean mayWrite(String schema) {
        if (readOnly) {
            return false;
        }
        return schemas.isEmpty() || grant(schema).map(g -> !g.readOnly()).orElse(false);
    }

    /** True when this user may do anything in any schema: the proxy then checks no statement. */
    public boolean unrestricted() {
        return schemas.isEmpty() && !readOnly;
    }

    public Optional<SchemaGrant> grant(String schema) {
        return schemas.stream().filter(g -> g.covers(schema)).findFirst();
    }
}
