package io.shardgate.proxy.admin;

import io.shardgate.config.SchemaConfig;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.UserConfig;
import io.shardgate.proxy.digest.Digest;
import io.shardgate.proxy.digest.Digests;
import io.shardgate.proxy.pool.NodePools;
import io.shardgate.proxy.pool.ServerHealth;
import io.shardgate.proxy.reshard.ReshardException;
import io.shardgate.proxy.reshard.Resharder;
import io.shardgate.proxy.session.Session;
import io.shardgate.proxy.session.SessionRegistry;
import io.shardgate.router.Router;
import io.shardgate.router.SessionView;
import io.shardgate.router.plan.Plan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What operators ask of a running proxy, in one place for every way they ask it: a client's {@code SHOW PROCESSLIST}
 * and {@code KILL}, the admin listener's commands and the HTTP endpoints. It reads the session registry, the pools
 * and their servers' health, the live config and router, the digests and the blacklist; the only things it changes
 * are a replica's OFFLINE / weight switches, the digests (reset), the blacklist and, through the server, the config
 * (reload).
 *
 * <p>Who may see and stop which session follows MySQL: an administrator (an unrestricted proxy user, or the
 * admin interface) sees every session; a user with restricted grants (read-only, or a schema list) sees and
 * may kill only its own user's sessions, as a MySQL account without PROCESS and CONNECTION_ADMIN.
 *
 * <p>Nothing here runs on the statement path. Commands that wait (a reload, a route preview reading a lookup table)
 * return futures or block, and the admin listener runs each command on a virtual thread.
 */
public final class AdminService {

    private final SessionRegistry sessions;
    private final Supplier<ShardgateConfig> config;
    private final NodePools pools;
    private final Digests digests;
    private final Blacklist blacklist;
    private final Supplier<Router> previewRouter;
    private final Supplier<CompletableFuture<ReloadOutcome>> reload;
    /** The other instances in cluster mode; null for a proxy with a file. Set once the cluster member runs. */
    private volatile Fleet fleet;
    private final Resharder resharder;

    /** For the proxy's own SHOW PROCESSLIST and KILL only (no pools, digests, routing or reload). */
    public AdminService(SessionRegistry sessions, Supplier<ShardgateConfig> config) {
        this(sessions, config, null, new Digests(() -> 1), new Blacklist(), null,
                () -> CompletableFuture.failedFuture(new AdminException("reload is not available here")), null);
    }

    /**
     * @param previewRouter a router whose lookup tables are read but never written (SHOW ROUTE FOR an INSERT must
     *     not record a new key)
     * @param reload reads the config file again and applies it, as SIGHUP does
     * @param resharder runs RESHARD; null where there is none (a client's own admin view)
     */
    public AdminService(SessionRegistry sessions, Supplier<ShardgateConfig> config, NodePools pools, Digests digests,
                        Blacklist blacklist, Supplier<Router> previewRouter,
                        Supplier<CompletableFuture<ReloadOutcome>> reload, Resharder resharder) {
        this.resharder = resharder;
        this.sessions = sessions;
        this.config = config;
        this.pools = pools;
        this.digests = digests;
        this.blacklist = blacklist;
        this.previewRouter = previewRouter;
        this.reload = reload;
    }

    public Blacklist blacklist() {
        return blacklist;
    }

    /** Cluster mode: from now on changes made here are told to {@code fleet}, and SHOW PROXIES lists it. */
    public void joinFleet(Fleet fleet) {
        this.fleet = fleet;
    }

    /** The fleet, or an {@link AdminException} saying this proxy runs alone. */
    public Fleet requireFleet() {
        Fleet f = fleet;
        if (f == null) {
            throw new AdminException("this proxy is not in cluster mode (no cluster section in its file)");
        }
        return f;
    }

    /** {@code ADD BLACKLIST}: false when the shape was listed already. Told to the fleet. */
    public boolean addBlacklist(String sql) {
        boolean added = blacklist.add(sql);
        Fleet f = fleet;
        if (f != null) {
            f.blacklistChanged(Blacklist.shapeOf(sql), true);
        }
        return added;
    }

    /** {@code REMOVE BLACKLIST}: false when the shape was not listed. Told to the fleet. */
    public boolean removeBlacklist(String sql) {
        boolean removed = blacklist.remove(sql);
        Fleet f = fleet;
        if (f != null) {
            f.blacklistChanged(Blacklist.shapeOf(sql), false);
        }
        return removed;
    }

    public Digests digests() {
        return digests;
    }

    // ---------------------------------------------------------------- sessions

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
            rows.add(info(s, now));
        }
        rows.sort(Comparator.comparingLong(SessionInfo::id));
        return rows;
    }

    private static SessionInfo info(Session s, long now) {
        String statement = s.currentStatement();
        long seconds = statement == null ? 0 : Math.max(0, (now - s.statementStartedNanos()) / 1_000_000_000L);
        return new SessionInfo(s.connectionId(), s.user(), s.remoteHost(), s.schema(),
                statement == null ? "Sleep" : "Query", seconds, statement);
    }

    /**
     * {@code SHOW SESSIONS}: every session with its running statement and time, transaction state and the backend
     * connections it holds (read on each session's own event loop; a session that does not answer within a second,
     * its loop busy, shows {@code ?}).
     */
    public AdminTable sessionTable() {
        long now = System.nanoTime();
        List<SessionRegistry.SessionHandle> handles = new ArrayList<>(sessions.all());
        handles.sort(Comparator.comparingLong(h -> h.session().connectionId()));
        List<CompletableFuture<SessionRegistry.Holding>> holdings = new ArrayList<>();
        for (SessionRegistry.SessionHandle h : handles) {
            holdings.add(h.holding().completeOnTimeout(new SessionRegistry.Holding("?", List.of("?")), 1,
                    TimeUnit.SECONDS));
        }
        AdminTable.Builder t = AdminTable.of("id", "user", "host", "schema", "command", "time", "statement",
                "transaction", "backends");
        for (int i = 0; i < handles.size(); i++) {
            SessionInfo s = info(handles.get(i).session(), now);
            SessionRegistry.Holding holding = holdings.get(i).join();
            t.row(s.id(), s.user(), s.host(), s.schema(), s.command(), s.seconds(), s.statement(),
                    holding.transaction(), holding.backends().isEmpty() ? null : String.join(", ", holding.backends()));
        }
        return t.build();
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

    // ---------------------------------------------------------------- nodes

    /** {@code SHOW NODES}. */
    public AdminTable nodes() {
        return NodeRows.show(config.get(), requirePools());
    }

    /** {@code SET NODE node REPLICA 'host:port' OFFLINE | ONLINE}: the message to answer. */
    public String setReplicaOffline(String node, String address, boolean offline) {
        String message = NodeRows.set(config.get(), requirePools(), node, address,
                new NodeRows.ReplicaChange.Offline(offline));
        tellFleet(node, address);
        return message;
    }

    /** {@code SET NODE node REPLICA 'host:port' WEIGHT n} (0: the config's weight again). */
    public String setReplicaWeight(String node, String address, int weight) {
        if (weight < 0 || weight > 1000) {
            throw new AdminException("weight " + weight + " is out of range 0..1000 (0 goes back to the config's)");
        }
        String message = NodeRows.set(config.get(), requirePools(), node, address,
                new NodeRows.ReplicaChange.Weight(weight));
        tellFleet(node, address);
        return message;
    }

    private void tellFleet(String node, String address) {
        Fleet f = fleet;
        if (f == null) {
            return;
        }
        requirePools().servers().stream()
                .filter(h -> h.node().equals(node) && h.address().toString().equals(address)).findFirst()
                .ifPresent(h -> f.replicaChanged(node, address, h.offline(), h.weightOverride()));
    }

    /**
     * Another instance set a replica's switches: the same here, without telling the fleet again. A replica this
     * instance's config does not have is skipped (false).
     */
    public boolean applyReplicaState(String node, String address, boolean offline, int weightOverride) {
        try {
            NodeRows.set(config.get(), requirePools(), node, address, new NodeRows.ReplicaChange.Offline(offline));
            NodeRows.set(config.get(), requirePools(), node, address, new NodeRows.ReplicaChange.Weight(weightOverride));
            return true;
        } catch (AdminException e) {
            return false;
        }
    }

    /**
     * Ready to serve: for every schema, at least one primary of the nodes it uses (its default node and its tables'
     * nodes) answered its last check. Empty when ready, else why not.
     */
    public List<String> notReady() {
        ShardgateConfig cfg = config.get();
        NodePools p = requirePools();
        List<ServerHealth> servers = p.servers();
        List<String> why = new ArrayList<>();
        for (SchemaConfig schema : cfg.schemas()) {
            List<String> nodes = NodeRows.nodesOf(schema);
            boolean any = servers.stream().anyMatch(h -> h.role() == ServerHealth.Role.PRIMARY && h.up()
                    && nodes.contains(h.node()));
            if (!any) {
                why.add("schema " + schema.name() + ": no primary of " + nodes + " is reachable");
            }
        }
        return why;
    }

    private NodePools requirePools() {
        if (pools == null) {
            throw new AdminException("no backend pools here");
        }
        return pools;
    }

    // ---------------------------------------------------------------- routing

    public AdminTable schemas() {
        return RuleRows.schemas(config.get());
    }

    /** {@code SHOW TABLES RULES [FROM schema]}; {@code schema} null for every schema. */
    public AdminTable tableRules(String schema) {
        return RuleRows.tables(config.get(), schema);
    }

    /**
     * {@code SHOW ROUTE FOR sql}: the plan the proxy would run, one row per line of the tree as
     * {@code shardgate route} prints it. Nothing runs and nothing is recorded (lookup tables are read, not written).
     * May block on a lookup table: call it off the event loops.
     *
     * @param schema the schema the statement is planned in; null when the config has exactly one
     */
    public AdminTable route(String schema, String sql) {
        ShardgateConfig cfg = config.get();
        String in = schema;
        if (in == null) {
            if (cfg.schemas().size() != 1) {
                throw new AdminException("no schema selected: USE one of " + cfg.schemas().stream()
                        .map(SchemaConfig::name).toList() + " first, or connect with it");
            }
            in = cfg.schemas().getFirst().name();
        } else if (cfg.schema(in).isEmpty()) {
            throw new AdminException("no schema named '" + in + "'");
        }
        Plan plan = previewRouter.get().route(sql, SessionView.of(in, false));
        AdminTable.Builder t = AdminTable.of("plan");
        for (String line : plan.describe().split("\n")) {
            if (!line.isEmpty()) {
                t.row(line);
            }
        }
        return t.build();
    }

    // ---------------------------------------------------------------- digests

    public enum DigestOrder { TOTAL_TIME, COUNT, ERRORS }

    /** {@code SHOW DIGESTS [ORDER BY ...] [LIMIT n]}: the heaviest first. */
    public AdminTable digests(DigestOrder order, int limit) {
        Comparator<Digest.Snapshot> by = switch (order) {
            case TOTAL_TIME -> Comparator.comparingLong(Digest.Snapshot::totalNanos);
            case COUNT -> Comparator.comparingLong(Digest.Snapshot::count);
            case ERRORS -> Comparator.comparingLong(Digest.Snapshot::errors);
        };
        List<Digest.Snapshot> all = digests.snapshot();
        all.sort(by.reversed().thenComparing(Digest.Snapshot::shape));
        AdminTable.Builder t = AdminTable.of("schema", "digest", "count", "errors", "rows_sent", "total_ms", "mean_ms",
                "p99_ms", "max_ms", "first_seen", "last_seen");
        for (Digest.Snapshot d : all.subList(0, Math.min(limit, all.size()))) {
            t.row(d.schema(), d.shape(), d.count(), d.errors(), d.rows(), millis(d.totalNanos()), millis(d.meanNanos()),
                    millis(d.p99Nanos()), millis(d.maxNanos()), Instant.ofEpochMilli(d.firstSeenMillis()),
                    Instant.ofEpochMilli(d.lastSeenMillis()));
        }
        return t.build();
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6);
    }

    // ---------------------------------------------------------------- config

    /** {@code SHOW CONFIG}: every setting of the running config, passwords masked. */
    public AdminTable configTable() {
        return ConfigRows.of(config.get());
    }

    /** {@code RELOAD CONFIG}: the same atomic, validated reload as SIGHUP. */
    public CompletableFuture<ReloadOutcome> reload() {
        return reload.get();
    }

    // ---------------------------------------------------------------- resharding

    /** {@code RESHARD TABLE schema.table TO 'file'}: starts moving the table's binding group; the message says so. */
    public String reshard(String schema, String table, String targetFile) {
        try {
            return requireResharder().start(schema, table, targetFile);
        } catch (ReshardException e) {
            throw new AdminException(e.getMessage());
        }
    }

    /** {@code SHOW RESHARD STATUS}: the running or last reshard, one row (none before the first). */
    public AdminTable reshardStatus() {
        var status = requireResharder().status();
        if (status.isEmpty()) {
            return new AdminTable(List.of("phase"), List.of());
        }
        return new AdminTable(status.get().columns(), List.of(status.get().values()));
    }

    /** {@code CANCEL RESHARD}. */
    public String cancelReshard() {
        try {
            return requireResharder().cancel();
        } catch (ReshardException e) {
            throw new AdminException(e.getMessage());
        }
    }

    /** {@code RESHARD CLEANUP}: one row per old table dropped. */
    public AdminTable reshardCleanup() {
        try {
            AdminTable.Builder t = AdminTable.of("dropped");
            requireResharder().cleanup().forEach(t::row);
            return t.build();
        } catch (ReshardException e) {
            throw new AdminException(e.getMessage());
        }
    }

    private Resharder requireResharder() {
        if (resharder == null) {
            throw new AdminException("resharding is not available here");
        }
        return resharder;
    }
}
