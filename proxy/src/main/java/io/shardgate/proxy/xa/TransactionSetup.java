package io.shardgate.proxy.xa;

import io.shardgate.config.TransactionMode;
import java.util.function.Function;

/**
 * What every session's transaction coordinator shares: the transaction mode of each schema (from the live config),
 * the proxy's xid source, and where outcomes are reported.
 */
public record TransactionSetup(Function<String, TransactionMode> modes, XidSource xids, TransactionEvents events) {

    /** Node by node, as before two-phase commit existed: for tests and tools that do not care. */
    public static final TransactionSetup BEST_EFFORT = new TransactionSetup(schema -> TransactionMode.BEST_EFFORT,
            new XidSource(), TransactionEvents.NONE);
}
