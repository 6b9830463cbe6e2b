package io.shardgate.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a {@code users:} list: {@code proxy.users} with grants and limits, {@code admin.users} with a name and
 * a password only. Schema names in grants are checked by {@link #checkSchemas} once the schemas are known.
 */
final class UserReader {

    static final Set<String> PROXY_USER_KEYS = ConfigReader.keys("user", "password", "schemas", "read-only",
            "max-connections", "require-tls");
    static final Set<String> ADMIN_USER_KEYS = ConfigReader.keys("user", "password");
    static final Set<String> GRANT_KEYS = ConfigReader.keys("name", "read-only");

    private final Diagnostics diag;
    /** (path, schema name) of every grant, checked once schemas are read. */
    private final List<Map.Entry<String, String>> schemaRefs = new ArrayList<>();
    /** Paths of {@code require-tls: true}, checked against {@code proxy.tls}. */
    private final List<String> requireTls = new ArrayList<>();

    UserReader(Diagnostics diag) {
        this.diag = diag;
    }

    /** {@code proxy.users}: at least one. */
    List<UserConfig> proxyUsers(YamlMap parent) {
        return read(parent, PROXY_USER_KEYS, true);
    }

    /** {@code admin.users}: required when {@code required}. */
    List<UserConfig> adminUsers(YamlMap parent, boolean required) {
        return read(parent, ADMIN_USER_KEYS, required);
    }

    private List<UserConfig> read(YamlMap parent, Set<String> keys, boolean required) {
        if (!parent.has("users")) {
            if (required) {
                parent.missing("users");
            }
            return List.of();
        }
        List<YamlMap> maps = parent.namedMaps("users", "user", keys, "user", false);
        List<Node> items = parent.items("users");
        if (items != null && items.isEmpty() && required) {
            diag.problem(parent.pathOf("users"), "at least one user is required");
        }
        List<UserConfig> users = new ArrayList<>();
        for (YamlMap u : maps) {
            int before = diag.problemCount();
            String name = u.requiredText("user");
            if (name != null && name.isBlank()) {
                diag.problem(u.pathOf("user"), "must not be empty");
            } else if (name != null && name.length() > 80) {
                diag.problem(u.pathOf("user"), "is longer than 80 characters");
            }
            String password = u.requiredText("password");
            if (password != null && password.isEmpty()) {
                diag.problem(u.pathOf("password"), "must not be empty");
            }
            UserConfig user = keys == PROXY_USER_KEYS ? withGrants(u, name, password)
                    : name == null || password == null ? null : new UserConfig(name, new Secret(password));
            if (diag.problemCount() == before && user != null) {
                users.add(user);
            }
        }
        return users;
    }

    /** A proxy user's grants and limits; null when the name or password is missing. */
    private UserConfig withGrants(YamlMap u, String name, String password) {
        boolean readOnly = u.bool("read-only", false);
        List<SchemaGrant> grants = grants(u, readOnly);
        Integer maxConnections = u.integer("max-connections", UserConfig.NO_LIMIT, 1, 1_000_000);
        boolean tls = u.bool("require-tls", false);
        if (tls) {
            requireTls.add(u.pathOf("require-tls"));
        }
        return name == null || password == null || maxConnections == null ? null
                : new UserConfig(name, new Secret(password), grants, readOnly, maxConnections, tls);
    }

    /** The {@code schemas:} items: a name, or {@code {name: s, read-only: true}}. */
    private List<SchemaGrant> grants(YamlMap user, boolean userReadOnly) {
        List<Node> items = user.items("schemas");
        if (items == null) {
            return List.of();
        }
        List<SchemaGrant> grants = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String at = user.itemPath("schemas", i);
            SchemaGrant grant = grant(user, items.get(i), at, userReadOnly);
            if (grant == null) {
                continue;
            }
            if (!seen.add(grant.schema().toLowerCase(Locale.ROOT))) {
                diag.problem(at, "schema '" + grant.schema() + "' is listed twice");
                continue;
            }
            schemaRefs.add(Map.entry(at, grant.schema()));
            grants.add(grant);
        }
        return grants;
    }

    private SchemaGrant grant(YamlMap user, Node item, String at, boolean userReadOnly) {
        if (!(item instanceof MappingNode)) {
            String name = user.scalar(item, at);
            return name == null ? null : new SchemaGrant(name.trim(), userReadOnly);
        }
        YamlMap m = YamlMap.of(item, at, GRANT_KEYS, diag);
        if (m == null) {
            return null;
        }
        String name = m.requiredText("name");
        boolean readOnly = m.bool("read-only", userReadOnly);
        if (userReadOnly && !readOnly) {
            diag.problem(m.pathOf("read-only"), "false cannot widen the user's read-only: true");
            return null;
        }
        return name == null ? null : new SchemaGrant(name.trim(), readOnly);
    }

    /** A user who must log in over TLS needs a listener that offers it. */
    void checkRequireTls(boolean listenerHasTls) {
        if (!listenerHasTls) {
            requireTls.forEach(path -> diag.problem(path, "needs proxy.tls: without it no client can log in over TLS"));
        }
    }

    /** Every granted schema exists; skipped when the schemas themselves had problems. */
    void checkSchemas(List<SchemaConfig> schemas) {
        if (schemas == null) {
            return;
        }
        List<String> names = schemas.stream().map(SchemaConfig::name).toList();
        for (Map.Entry<String, String> ref : schemaRefs) {
            if (names.stream().noneMatch(n -> n.equalsIgnoreCase(ref.getValue()))) {
                diag.problem(ref.getKey(), "unknown schema '" + ref.getValue() + "'"
                        + Suggestions.didYouMean(ref.getValue(), names));
            }
        }
    }
}
