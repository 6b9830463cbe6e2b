package io.shardgate.router.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardgate.config.UserConfig;
import io.shardgate.router.plan.Reject;
import java.util.Locale;

/**
 * Judges a statement against a user's grants ({@code read-only}, the per-schema list) and answers the refusal as
 * MySQL words it: 1142 for a table ("INSERT command denied to user 'u'@'h' for table 't'"), 1044 for a database,
 * 1370 for a routine, 1227 for a server-wide statement. Users without restrictions are never checked.
 *
 * <p>A user with a schema list may read and write only there ({@code information_schema} is readable by all, as in
 * MySQL); a read-only user or schema may be read, not changed. Locking reads, LOCK TABLES, CALL and DDL count as
 * changes. Unqualified names belong to the session's current schema; with none selected, a read is left to the
 * backend (it fails with 1046) and a change is refused only for a read-only user.
 *
 * <p>Classifications are cached per statement shape (schema-independent: names stay as written); thread-safe.
 */
public final class AccessCheck {

    static final long CACHE_SIZE = 10_000;
    private static final String INFORMATION_SCHEMA = "information_schema";

    private final AccessClassifier classifier = new AccessClassifier();
    private final Cache<String, StatementAccess> cache = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();

    /** What {@code shape} needs; cached. */
    public StatementAccess access(String shape) {
        return cache.get(shape, classifier::classify);
    }

    /**
     * Null when {@code user} may run the statement of {@code shape}, else its refusal.
     *
     * @param host the client's address, for the message
     * @param currentSchema the session's schema, or null
     */
    public Reject check(String shape, UserConfig user, String host, String currentSchema) {
        return user.unrestricted() ? null : judge(access(shape), user, host, currentSchema);
    }

    static Reject judge(StatementAccess access, UserConfig user, String host, String current) {
        String who = "user '" + user.user() + "'@'" + host + "'";
        switch (access.kind()) {
            case SESSION -> {
                return null;
            }
            case SERVER -> {
                return new Reject(1227, "42000", "Access denied; you need (at least one of) the " + access.verb()
                        + " privilege(s) for this operation");
            }
            case UNCHECKABLE -> {
                return new Reject(1227, "42000", "Access denied; " + who + " may not run " + access.verb()
                        + " statements through shardgate: their effect cannot be checked against the user's grants");
            }
            default -> {
            }
        }
        for (TableRef read : access.reads()) {
            String schema = read.schemaIn(current);
            if (schema != null && !readable(user, schema)) {
                return read.isDatabase() ? databaseDenied(who, schema)
                        : tableDenied("SELECT", who, read);
            }
        }
        for (TableRef target : access.targets()) {
            String schema = target.schemaIn(current);
            boolean allowed = schema == null ? !user.readOnly() : user.mayWrite(schema);
            if (allowed) {
                continue;
            }
            return switch (access.kind()) {
                case DATABASE -> databaseDenied(who, schema == null ? "" : schema);
                case ROUTINE -> new Reject(1370, "42000", access.verb() + " command denied to " + who + " for routine '"
                        + (schema == null ? "" : schema + ".") + target.name() + "'");
                default -> tableDenied(access.verb(), who, target);
            };
        }
        return null;
    }

    private static boolean readable(UserConfig user, String schema) {
        return user.mayUse(schema) || schema.toLowerCase(Locale.ROOT).equals(INFORMATION_SCHEMA);
    }

    private static Reject tableDenied(String verb, String who, TableRef table) {
        return new Reject(1142, "42000", verb + " command denied to " + who + " for table '" + table.name() + "'");
    }

    private static Reject databaseDenied(String who, String schema) {
        return new Reject(1044, "42000", "Access denied for " + who + " to database '" + schema + "'");
    }
}
