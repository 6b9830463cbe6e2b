package io.shardgate.proxy.session;

import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.UserConfig;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlError;
import java.util.Locale;

/**
 * Which schema a client may make current (handshake, COM_INIT_DB, USE, COM_CHANGE_USER): a configured one the
 * user may use, or {@code information_schema}, which every MySQL user can use and SHOW DATABASES lists; the
 * proxy sends its statements to the default node, as it does for any schema it has no tables of.
 */
public final class SchemaAccess {

    public static final String INFORMATION_SCHEMA = "information_schema";

    private SchemaAccess() {
    }

    /** The schema as named in the config (or {@code information_schema}), or the client's error. */
    public record Outcome(String schema, ErrPacket error) {
    }

    /** @param user null when the session's user is no longer configured (after a reload): no restriction */
    public static Outcome resolve(ShardgateConfig config, UserConfig user, String requested, String remoteHost) {
        if (requested.toLowerCase(Locale.ROOT).equals(INFORMATION_SCHEMA)) {
            return new Outcome(INFORMATION_SCHEMA, null);
        }
        var schema = config.schema(requested);
        if (schema.isEmpty()) {
            return new Outcome(null, MysqlError.BAD_DB_ERROR.toPacket(requested));
        }
        if (user != null && !user.mayUse(requested)) {
            return new Outcome(null, MysqlError.DBACCESS_DENIED.toPacket(user.user(), remoteHost, requested));
        }
        return new Outcome(schema.get().name(), null);
    }
}
