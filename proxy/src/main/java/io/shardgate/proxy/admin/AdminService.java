package io.shardgate.proxy.admin;

import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.UserConfig;
import io.shardgate.proxy.session.Session;
import io.shardgate.proxy.session.SessionRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What operators ask of a running proxy, in one place for every way they ask it: a client's
 * {@code SHOW PROCESSLIST} and {@code KILL} today, the admin listener's {@code SHOW SESSIONS} and the HTTP
 * endpoints later. It reads the session registry and the live config; it never blocks.
 *
 * <p>Who may see and stop which session follows MySQL: an administrator (an unrestricted proxy user, or the
 * admin interface) sees every session; a user with restricted grants (read-only, or a schema list) sees and
 * may kill only its own user's sessions, as a MySQL account without PROCESS and CONNECTION_ADMIN.
 */
public final class AdminService {

    private final SessionRegistry sessions;
    private final Supplier<ShardgateConfig> config;

    public AdminService(SessionRegistry sessions, Supplier<ShardgateConfig> config) {
        this.sessions = sessions;
        this.config = config;
    }

    /** Who is asking: a proxy user (by name), or the admin interface ({@link #ADMIN}). */
    public record Asker(String user) {

        /** The admin interface: sees and may stop everything. */
        public static final Asker ADMIN = new Asker(null);
    }

    /** One client session as operators see it. */
    public record SessionInfo(long id, String user, String host, String schema, String command, long seconds,
                              String statement) {
    }

    public enum KillOutcome { KILLED, NO_SUCH_SESSION, NOT_YOURS }

    /** The sessions {@code asker} may see, in connection id order. */
    public List<SessionInfo> sessions(Asker asker) {
        boolean all = seesAll(asker);
        long now = System.nanoTime();
        List<SessionInfo> rows = new ArrayList<>();
        for (SessionRegistry.SessionHandle h : sessions.all()) {
            Session s = h.session();
            if (!all && !asker.user().equals(s.user())) {
                continue;
            }
            String statement = s.currentStatement();
            long seconds = statement == null ? 0 : Math.max(0, (now - s.statementStartedNanos()) / 1_000_000_000L);
            rows.add(new SessionInfo(s.connectionId(), s.user(), s.remoteHost(), s.schema(),
                    statement == null ? "Sleep" : "Query", seconds, statement));
        }
        rows.sort((a, b) -> Long.compare(a.id(), b.id()));
        return rows;
    }

    /**
     * KILL [QUERY] {@code id}: stops the session's running statement (on every backend it runs on), or the
     * session itself.
     */
    public KillOutcome kill(long id, boolean queryOnly, Asker asker) {
        SessionRegistry.SessionHandle target = sessions.find(id);
        if (target == null) {
            return KillOutcome.NO_SUCH_SESSION;
        }
        if (!seesAll(asker) && !asker.user().equals(target.session().user())) {
            return KillOutcome.NOT_YOURS;
        }
        if (queryOnly) {
            target.killQuery();
        } else {
            target.killConnection();
        }
        return KillOutcome.KILLED;
    }

    private boolean seesAll(Asker asker) {
        return asker.user() == null
                || config.get().proxy().user(asker.user()).map(UserConfig::unrestricted).orElse(false);
    }
}
