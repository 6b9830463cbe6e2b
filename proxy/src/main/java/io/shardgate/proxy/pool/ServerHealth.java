package io.shardgate.proxy.pool;

import io.shardgate.config.HostPort;
import io.shardgate.config.NodeConfig;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the proxy knows about one server of a node (its primary or one replica): whether it answers, how far
 * behind it replicates, and what an operator set (OFFLINE, a weight). Written by the {@link ServerMonitor}, the
 * pools (a failed or successful connect) and the admin commands; read by the replica choice, {@code SHOW NODES}
 * and the metrics. Every change of state is logged once, when it happens, and counted as an {@link Event}.
 *
 * <p>Fields are volatile and written without a lock: each has one kind of writer, and a reader that sees one
 * change a moment late only routes one more read by the old state.
 */
public final class ServerHealth {

    private static final Logger LOG = LoggerFactory.getLogger(ServerHealth.class);

    public enum Role {
        PRIMARY, REPLICA;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Node events, counted for the metrics ({@code shardgate_node_events_total}). */
    public enum Event {
        UNREACHABLE_AT_START, DOWN, BACK, LAGGING, CAUGHT_UP, POOL_EXHAUSTED, OFFLINE, ONLINE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String node;
    private final HostPort address;
    private final Role role;
    /** null until the first check or connect answered. */
    private volatile Boolean reachable;
    private volatile long changedAtNanos = System.nanoTime();
    private volatile String lastError;
    /** Why reads avoid this replica because of its replication (max-replica-lag); null when they need not. */
    private volatile String behind;
    /** The replica's last {@code Seconds_Behind_Master}; -1 when unknown or not checked. */
    private volatile long lagSeconds = -1;
    /** Some lag check answered (nodes with max-replica-lag read a replica only after one did). */
    private volatile boolean lagChecked;
    private volatile boolean offline;
    /** The operator's weight; 0 = the config's. */
    private volatile int weightOverride;
    private final Map<Event, AtomicLong> events = new EnumMap<>(Event.class);

    ServerHealth(String node, HostPort address, Role role) {
        this.node = node;
        this.address = address;
        this.role = role;
        for (Event e : Event.values()) {
            events.put(e, new AtomicLong());
        }
    }

    public String node() {
        return node;
    }

    public HostPort address() {
        return address;
    }

    public Role role() {
        return role;
    }

    /** {@code offline}, {@code down}, {@code lagging}, {@code up}, or {@code unknown} before the first answer. */
    public String state() {
        if (offline) {
            return "offline";
        }
        Boolean r = reachable;
        if (r == null) {
            return "unknown";
        }
        if (!r) {
            return "down";
        }
        return behind != null ? "lagging" : "up";
    }

    /** Whether the server answered its last check or connect (false also before the first). */
    public boolean up() {
        return Boolean.TRUE.equals(reachable);
    }

    /** Whether its last check or connect failed. */
    public boolean down() {
        return Boolean.FALSE.equals(reachable);
    }

    public boolean offline() {
        return offline;
    }

    public String lastError() {
        return lastError;
    }

    public long lagSeconds() {
        return lagSeconds;
    }

    /** Why reads avoid it for its replication, or null. */
    public String behind() {
        return behind;
    }

    /** The weight reads are spread by: the operator's, else the config's. */
    public int weight(int configured) {
        int w = weightOverride;
        return w > 0 ? w : configured;
    }

    public int weightOverride() {
        return weightOverride;
    }

    public long events(Event event) {
        return events.get(event).get();
    }

    /**
     * Whether a replica of {@code config} may take new reads: not OFFLINE, not known to be down, and, on a node
     * with max-replica-lag, checked and within the limit (fail safe: not before its first lag check answered).
     */
    boolean readable(NodeConfig config) {
        if (offline || Boolean.FALSE.equals(reachable)) {
            return false;
        }
        return config.maxReplicaLag() == null || (lagChecked && behind == null);
    }

    // ---------------------------------------------------------------- reachability

    /** The server answered (a check, or a pool's new connection). */
    void answered(String version) {
        Boolean before = reachable;
        reachable = Boolean.TRUE;
        if (before == null) {
            changedAtNanos = System.nanoTime();
            LOG.info("node {} {} {} reachable{}", node, role.label(), address, version == null ? "" : " (" + version + ")");
        } else if (!before) {
            long downFor = (System.nanoTime() - changedAtNanos) / 1_000_000_000L;
            changedAtNanos = System.nanoTime();
            count(Event.BACK);
            LOG.info("node {} {} {} is back (it was down for {} s)", node, role.label(), address, downFor);
        }
    }

    /** A check or a connect failed: {@code why} in the backend client's words (no password, no class name). */
    void failed(String why) {
        Boolean before = reachable;
        lastError = why;
        reachable = Boolean.FALSE;
        if (before == null) {
            changedAtNanos = System.nanoTime();
            count(Event.UNREACHABLE_AT_START);
            LOG.warn("node {} {} {} cannot be reached at start ({}); serving anyway: statements routed there fail "
                    + "until it answers", node, role.label(), address, why);
        } else if (before) {
            changedAtNanos = System.nanoTime();
            count(Event.DOWN);
            LOG.warn("node {} {} {} is down: {}{}", node, role.label(), address, why,
                    role == Role.REPLICA ? "; its reads go to the other replicas or the primary" : "");
        }
    }

    // ---------------------------------------------------------------- replication lag

    /** A lag check answered: {@code seconds} behind, or -1 with {@code why} when replication is not running. */
    void lag(long seconds, String why) {
        lagSeconds = seconds;
        lagChecked = true;
        if (why == null) {
            if (behind != null) {
                behind = null;
                count(Event.CAUGHT_UP);
                LOG.info("replica {} of node {} is read from again ({} s behind)", address, node, seconds);
            }
            return;
        }
        notReadable(why);
    }

    /** Reads avoid this replica for its replication: logged once per change. */
    void notReadable(String why) {
        lagChecked = true;
        if (behind == null) {
            behind = why;
            count(Event.LAGGING);
            LOG.warn("replica {} of node {} is not read from: {}", address, node, why);
        } else {
            behind = why;
        }
    }

    /** The node no longer has max-replica-lag: nothing to avoid for it. */
    void lagNotWatched() {
        behind = null;
        lagChecked = false;
        lagSeconds = -1;
    }

    // ---------------------------------------------------------------- operator

    /** SET NODE .. REPLICA .. OFFLINE / ONLINE; false when it already was. */
    public boolean offline(boolean off) {
        if (offline == off) {
            return false;
        }
        offline = off;
        count(off ? Event.OFFLINE : Event.ONLINE);
        LOG.info(off ? "replica {} of node {} set OFFLINE by an administrator: no new reads, running statements "
                + "finish" : "replica {} of node {} set ONLINE by an administrator", address, node);
        return true;
    }

    /** SET NODE .. REPLICA .. WEIGHT n; 0 goes back to the config's weight. */
    public void weightOverride(int weight) {
        this.weightOverride = weight;
        LOG.info("replica {} of node {}: weight set to {} by an administrator", address, node,
                weight == 0 ? "the config's" : weight);
    }

    void count(Event event) {
        events.get(event).incrementAndGet();
    }

    @Override
    public String toString() {
        return node + " " + role.label() + " " + address + " (" + state() + ")";
    }
}
