package io.shardgate.router.keygen;

import io.shardgate.config.KeyGeneratorConfig;
import io.shardgate.config.ShardgateConfig;

/**
 * The proxy's key generators: one {@link SnowflakeGenerator} per {@link SnowflakeLayout}, all with the proxy's
 * worker id. Kept for the proxy's lifetime (across config reloads), so each layout's ids keep increasing.
 * Tables with the same layout share a generator: their ids never collide either.
 */
public final class IdGenerators {

    private final IdSource standard;
    private final IdSource jsSafe;
    /** For messages: the configured worker id, or -1 when leased. */
    private final int workerId;

    /** Generators on the system clock; the js-safe one exists only when the worker id fits its 5 bits. */
    public IdGenerators(int workerId) {
        this.standard = new SnowflakeGenerator(SnowflakeLayout.STANDARD, workerId);
        this.jsSafe = workerId <= SnowflakeLayout.JS_SAFE.maxWorkerId()
                ? new SnowflakeGenerator(SnowflakeLayout.JS_SAFE, workerId) : null;
        this.workerId = workerId;
    }

    /**
     * Generators under a fleet's lease (cluster mode): ids only while {@code lease} is held, else
     * {@link NoWorkerIdException}. A js-safe table needs a leased id of 0..31.
     */
    public IdGenerators(WorkerLease lease) {
        this.standard = new LeasedIdSource(SnowflakeLayout.STANDARD, lease);
        this.jsSafe = new LeasedIdSource(SnowflakeLayout.JS_SAFE, lease);
        this.workerId = -1;
    }

    /** For the config's {@code proxy.worker-id}. */
    public static IdGenerators forConfig(ShardgateConfig config) {
        return new IdGenerators(config.proxy().workerId());
    }

    public IdSource of(SnowflakeLayout layout) {
        if (layout == SnowflakeLayout.JS_SAFE) {
            if (jsSafe == null) {
                // config validation refuses this combination; a reload cannot change the running worker id
                throw new IllegalStateException("worker id " + workerId + " does not fit the js-safe "
                        + "id layout (0.." + SnowflakeLayout.JS_SAFE.maxWorkerId() + ")");
            }
            return jsSafe;
        }
        return standard;
    }

    /** The generator of a table's key generator: its own layout, else {@code proxy.id-layout}. */
    public IdSource of(ShardgateConfig config, KeyGeneratorConfig generator) {
        return of(SnowflakeLayout.named(config.idLayoutOf(generator)));
    }
}
