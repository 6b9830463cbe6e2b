package io.shardgate.router.keygen;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Ids of one {@link SnowflakeLayout} under a {@link WorkerLease}: a {@link SnowflakeGenerator} for the leased worker
 * id, and every batch of ids checked against the lease before and after
 * it is made (see {@link WorkerLease}).
 */
final class LeasedIdSource implements IdSource {

    private final SnowflakeLayout layout;
    private final WorkerLease lease;
    /**
     * One generator per worker id for the process's life: a worker id leased again later continues its generator's
     * increasing state, where a fresh one could repeat an id of the same millisecond.
     */
    private final ConcurrentMap<Integer, SnowflakeGenerator> generators = new ConcurrentHashMap<>();

    LeasedIdSource(SnowflakeLayout layout, WorkerLease lease) {
        this.layout = layout;
        this.lease = lease;
    }

    @Override
    public long next() {
        return next(1)[0];
    }

    @Override
    public long[] next(int count) {
        WorkerLease.Term term = lease.valid();
        if (term.workerId() > layout.maxWorkerId()) {
            throw new NoWorkerIdException("this proxy's leased worker id " + term.workerId() + " does not fit the "
                    + layout + " id layout (0.." + layout.maxWorkerId() + ")");
        }
        long[] ids = generatorFor(term.workerId()).next(count);
        lease.confirm(term);
        return ids;
    }

    private SnowflakeGenerator generatorFor(int workerId) {
        return generators.computeIfAbsent(workerId, id -> new SnowflakeGenerator(layout, id));
    }
}
