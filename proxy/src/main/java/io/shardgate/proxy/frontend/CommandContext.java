package io.shardgate.proxy.frontend;

import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.admin.AdminService;
import io.shardgate.proxy.observe.StatementObserver;
import io.shardgate.proxy.pool.BackendSource;
import io.shardgate.proxy.reshard.WriteHold;
import io.shardgate.proxy.session.SessionRegistry;
import io.shardgate.proxy.xa.TransactionSetup;
import io.shardgate.router.Router;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the command phase shares across sessions: the live config and router (both swapped atomically on
 * reload: a statement reads them once and finishes on what it read), the backend pools, the session
 * registry, the process start time (COM_STATISTICS uptime), which schemas plan with blocking lookups, the
 * front door's limits (COM_CHANGE_USER logs in again), the admin service (its blacklist is checked per statement)
 * the observer told of every statement's end (digests, metrics, slow log), what transactions share (each
 * schema's transaction mode, the proxy's xids) and the write hold a reshard's cutover closes.
 */
public record CommandContext(
        Supplier<ShardgateConfig> config,
        Supplier<Router> router,
        BackendSource backends,
        SessionRegistry sessions,
        String serverVersion,
        long startedAtMillis,
        Predicate<String> routingMayBlock,
        AdminService admin,
        FrontDoor frontDoor,
        StatementObserver observer,
        TransactionSetup transactions,
        WriteHold hold) {

    /** A context without statement observation, committing node by node (tests, tools). */
    public CommandContext(Supplier<ShardgateConfig> config, Supplier<Router> router, BackendSource backends,
                          SessionRegistry sessions, String serverVersion, long startedAtMillis,
                          Predicate<String> routingMayBlock, AdminService admin, FrontDoor frontDoor) {
        this(config, router, backends, sessions, serverVersion, startedAtMillis, routingMayBlock, admin, frontDoor,
                StatementObserver.NONE, TransactionSetup.BEST_EFFORT, new WriteHold());
    }

    /** A context with its own front door over {@code config}. */
    public CommandContext(Supplier<ShardgateConfig> config, Supplier<Router> router, BackendSource backends,
                          SessionRegistry sessions, String serverVersion, long startedAtMillis,
                          Predicate<String> routingMayBlock) {
        this(config, router, backends, sessions, serverVersion, startedAtMillis, routingMayBlock,
                new AdminService(sessions, config), FrontDoor.create(config));
    }

    /**
     * True when planning a statement of {@code schema} may block: the schema has lookup-strategy tables,
     * whose locator is read over JDBC on a cache miss. Such statements are planned on a virtual thread.
     */
    public boolean routingMayBlock(String schema) {
        return schema != null && routingMayBlock.test(schema);
    }
}
