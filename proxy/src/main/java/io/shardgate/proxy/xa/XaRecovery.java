package io.shardgate.proxy.xa;

import io.netty.channel.EventLoopGroup;
import io.shardgate.config.NodeConfig;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.BackendConnector;
import io.shardgate.proxy.backend.BackendErrorException;
import io.shardgate.proxy.backend.BackendSettings;
import io.shardgate.proxy.backend.QueryResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles the prepared XA branches the proxy's two-phase commits left behind (a proxy killed between PREPARE and
 * COMMIT, a backend lost during COMMIT), at start and every {@code proxy.xa-recovery-interval}: {@code XA RECOVER}
 * on every node's primary, and for each branch with shardgate's format id ({@link Xid}), the decision row on the
 * node its xid names ({@link DecisionTable}):
 * <ul>
 *   <li>branches younger than {@code proxy.xa-recovery-grace} are left for a later pass: their proxy may be
 *       committing them right now;</li>
 *   <li>{@code commit}: XA COMMIT; {@code abort}: XA ROLLBACK;</li>
 *   <li>no row: an {@code abort} row is INSERTed first (it waits for, and loses to, a commit decision still in
 *       flight), then XA ROLLBACK;</li>
 *   <li>the decision node unreachable: left for a later pass (a branch is never guessed).</li>
 * </ul>
 * Branches it did not create are never touched. Once every node answered, decision rows older than ten grace periods
 * whose transaction has no prepared branch left are deleted. It also creates the decision table on every node.
 *
 * <p>Its own connection per node (not pooled: a pooled connection may carry a session's {@code autocommit=0}), on
 * one virtual thread; blocking waits, each bounded by the node's connect timeout or {@link #ANSWER_TIMEOUT}.
 */
public final class XaRecovery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(XaRecovery.class);
    /** A recovery statement's longest wait: an abort row may wait for a decision's COMMIT (InnoDB lock wait). */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    /** Decision rows are kept this many grace periods. */
    static final int PRUNE_AFTER_GRACES = 10;

    /** What one pass did. */
    public record Pass(int committed, int rolledBack, int waiting, int unreachableNodes, int pruned) {
    }

    private final Supplier<ShardgateConfig> config;
    private final BackendConnector connector;
    private final EventLoopGroup loops;
    private final TransactionEvents events;
    private final Map<String, BackendConnection> connections = new java.util.concurrent.ConcurrentHashMap<>();
    /** Nodes (by name and address) where the decision table is known to exist. */
    private final Set<String> tableReady = new HashSet<>();
    private volatile boolean closed;
    private volatile Thread thread;

    public XaRecovery(Supplier<ShardgateConfig> config, BackendConnector connector, EventLoopGroup loops,
                      TransactionEvents events) {
        this.config = config;
        this.connector = connector;
        this.loops = loops;
        this.events = events;
    }

    /** Runs a pass now and then every {@code proxy.xa-recovery-interval}, on a virtual thread of its own. */
    public XaRecovery start() {
        thread = Thread.ofVirtual().name("shardgate-xa-recovery").start(() -> {
            while (!closed) {
                try {
                    runPass();
                } catch (RuntimeException e) {
                    LOG.warn("XA recovery pass failed: {}", e.toString());
                }
                try {
                    Thread.sleep(config.get().proxy().xa().recoveryInterval());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return this;
    }

    /** One pass over every node; synchronized so that a pass asked for by a test does not overlap the timer's. */
    public synchronized Pass runPass() {
        ShardgateConfig cfg = config.get();
        Duration grace = cfg.proxy().xa().recoveryGrace();
        Map<String, NodeConfig> nodes = new LinkedHashMap<>();
        cfg.nodes().forEach(n -> nodes.put(n.name(), n));
        Map<String, List<Xid>> prepared = new LinkedHashMap<>();
        int unreachable = 0;
        for (NodeConfig node : nodes.values()) {
            try {
                ensureTable(node);
                prepared.put(node.name(), recover(node));
            } catch (NodeUnavailable e) {
                unreachable++;
                LOG.debug("XA recovery: {}", e.getMessage());
            }
        }
        Map<String, String> outcomes = new HashMap<>(); // transaction -> commit / abort, as decided in this pass
        Set<String> pending = new HashSet<>();
        int committed = 0;
        int rolledBack = 0;
        int waiting = 0;
        long now = System.currentTimeMillis();
        for (var entry : prepared.entrySet()) {
            NodeConfig node = nodes.get(entry.getKey());
            for (Xid xid : entry.getValue()) {
                pending.add(xid.transaction());
                if (now - xid.createdMillis() < grace.toMillis()) {
                    waiting++; // its proxy may be committing it right now, decided or not
                    continue;
                }
                String outcome = outcomes.computeIfAbsent(xid.transaction(),
                        t -> decide(nodes.get(xid.decisionNode()), t));
                if (outcome == null) {
                    waiting++;
                    continue;
                }
                boolean commit = outcome.equals("commit");
                try {
                    execute(node, (commit ? "XA COMMIT " : "XA ROLLBACK ") + xid.sql());
                    LOG.info("XA recovery: {} branch {} on node {}", commit ? "committed" : "rolled back", xid,
                            node.name());
                    if (commit) {
                        committed++;
                    } else {
                        rolledBack++;
                    }
                } catch (NodeUnavailable e) {
                    waiting++;
                    LOG.warn("XA recovery: could not settle branch {} on node {}: {}", xid, node.name(), e.getMessage());
                }
            }
        }
        if (committed > 0) {
            events.branchesRecovered(true, committed);
        }
        if (rolledBack > 0) {
            events.branchesRecovered(false, rolledBack);
        }
        int pruned = unreachable == 0 ? prune(nodes.values(), pending, grace) : 0;
        return new Pass(committed, rolledBack, waiting, unreachable, pruned);
    }

    /**
     * The outcome of {@code transaction} (older than the grace period) from its decision row: "commit", "abort", or
     * null when it cannot be known yet (the node is down). An undecided transaction is aborted here, for good.
     */
    private String decide(NodeConfig decisionNode, String transaction) {
        if (decisionNode == null) {
            LOG.warn("XA recovery: transaction {} keeps its decision on a node no longer in the config; its branches "
                    + "stay prepared (settle them by hand: XA COMMIT or XA ROLLBACK)", transaction);
            return null;
        }
        try {
            String outcome = query(decisionNode, DecisionTable.outcome(transaction)).firstValue();
            if (outcome != null) {
                return outcome;
            }
            try {
                execute(decisionNode, DecisionTable.abort(transaction));
                return "abort";
            } catch (NodeUnavailable e) {
                if (e.duplicate) { // a decision went in meanwhile (it waited for its COMMIT): that one holds
                    return query(decisionNode, DecisionTable.outcome(transaction)).firstValue();
                }
                throw e;
            }
        } catch (NodeUnavailable e) {
            LOG.debug("XA recovery: decision of {} not readable: {}", transaction, e.getMessage());
            return null;
        }
    }

    private List<Xid> recover(NodeConfig node) {
        List<Xid> ours = new ArrayList<>();
        for (List<String> row : query(node, "XA RECOVER").rows()) {
            Xid xid = row.size() < 4 ? null : Xid.fromRecoverRow(row.get(0), row.get(1), row.get(2), row.get(3));
            if (xid != null) {
                ours.add(xid);
            }
        }
        return ours;
    }

    private void ensureTable(NodeConfig node) {
        String key = node.name() + "@" + node.primary();
        if (tableReady.contains(key)) {
            return;
        }
        for (String sql : DecisionTable.create()) {
            execute(node, sql);
        }
        tableReady.add(key);
    }

    private int prune(Iterable<NodeConfig> nodes, Set<String> pending, Duration grace) {
        long seconds = Math.max(1, grace.multipliedBy(PRUNE_AFTER_GRACES).toSeconds());
        int pruned = 0;
        for (NodeConfig node : nodes) {
            try {
                for (List<String> row : query(node, DecisionTable.older(seconds)).rows()) {
                    String transaction = row.getFirst();
                    if (!pending.contains(transaction)) {
                        execute(node, DecisionTable.delete(transaction));
                        pruned++;
                    }
                }
            } catch (NodeUnavailable e) {
                LOG.debug("XA recovery: pruning on node {} failed: {}", node.name(), e.getMessage());
            }
        }
        return pruned;
    }

    // ---------------------------------------------------------------- connections

    /** A node could not be asked; {@code duplicate} when it answered ER_DUP_ENTRY. */
    private static final class NodeUnavailable extends RuntimeException {
        final boolean duplicate;

        NodeUnavailable(String message, boolean duplicate) {
            super(message);
            this.duplicate = duplicate;
        }
    }

    private void execute(NodeConfig node, String sql) {
        query(node, sql);
    }

    private QueryResult query(NodeConfig node, String sql) {
        BackendConnection c = connection(node);
        return await(node, c.query(sql, ANSWER_TIMEOUT), ANSWER_TIMEOUT.plusSeconds(5));
    }

    private BackendConnection connection(NodeConfig node) {
        String key = node.name() + "@" + node.primary();
        BackendConnection open = connections.get(key);
        if (open != null && open.isUsable()) {
            return open;
        }
        BackendSettings settings = BackendSettings.of(node, node.primary()).withConnectTimeout(node.pool().connectTimeout());
        BackendConnection c = await(node, connector.connect(loops, settings), node.pool().connectTimeout().plusSeconds(1));
        connections.put(key, c);
        return c;
    }

    private <T> T await(NodeConfig node, CompletableFuture<T> future, Duration limit) {
        try {
            return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new NodeUnavailable("node " + node.name() + " did not answer within " + limit.toMillis() + " ms",
                    false);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            boolean duplicate = cause instanceof BackendErrorException b && b.errorCode() == 1062;
            throw new NodeUnavailable("node " + node.name() + ": " + cause.getMessage(), duplicate);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeUnavailable("interrupted while asking node " + node.name(), false);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
        connections.values().forEach(BackendConnection::close);
        connections.clear();
    }
}
