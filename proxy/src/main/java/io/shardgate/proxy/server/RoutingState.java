package io.shardgate.proxy.server;

import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.lookup.JdbcLookupStores;
import io.shardgate.router.Router;
import java.util.List;

/**
 * Everything derived from one config that statements read: the config itself, its router, and the lookup
 * stores the router's lookup strategies use. Swapped whole on reload; a statement reads the reference once.
 *
 * @param preview a router over the same rules whose lookup tables are read but never written, for the admin
 *     {@code SHOW ROUTE FOR} (previewing an INSERT must not record its new key)
 */
record RoutingState(ShardgateConfig config, Router router, List<JdbcLookupStores> lookupStores,
                    java.util.Set<String> lookupSchemas, Router preview) implements AutoCloseable {

    /** Schemas (lower case) with lookup-strategy tables: their statements are planned off the event loop. */
    boolean routingMayBlock(String schema) {
        return !lookupSchemas.isEmpty() && lookupSchemas.contains(schema.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void close() {
        lookupStores.forEach(JdbcLookupStores::close);
    }
}
