package io.shardgate.proxy.reshard;

import io.shardgate.router.topology.ShardLocation;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verify phase: old and new compared range of primary keys by range ({@link Chunks}), up to the highest key
 * when the phase began (keys inserted later came in through the binlog alone, and stopping there keeps the phase
 * finite while clients insert). A range that still differs after {@link #TRIES} tries has its differing rows copied
 * again with the catch-up paused.
 */
final class Verify {

    private static final Logger LOG = LoggerFactory.getLogger(Verify.class);

    static final int TRIES = 2;

    private final ReshardJob job;

    Verify(ReshardJob job) {
        this.job = job;
    }

    void run(RowMover mover) throws SQLException, InterruptedException {
        Throttle throttle = new Throttle(job.settings.maxRowsPerSecond());
        for (MovingGroup.Table t : job.group.tables()) {
            TableShape shape = job.shapes.get(t.name());
            // keys inserted after this point came in through the binlog alone; verifying up to the highest key
            // now keeps the phase finite while clients keep inserting
            Object end = null;
            for (ShardLocation l : t.oldLayout().locations()) {
                Object max = Chunks.maxKey(mover.connection(l.node()), l.physicalTable(), shape);
                if (max != null && (end == null || compare(max, end) > 0)) {
                    end = max;
                }
            }
            Object lower = null;
            boolean last = end == null;
            while (!last) {
                job.checkHealthy();
                Object upper = null;
                for (ShardLocation l : t.oldLayout().locations()) {
                    Object u = Chunks.upperBound(mover.connection(l.node()), l.physicalTable(), shape, lower,
                            ReshardJob.CHUNK);
                    if (u != null && (upper == null || compare(u, upper) < 0)) {
                        upper = u;
                    }
                }
                if (upper == null || compare(upper, end) >= 0) {
                    upper = end;
                    last = true;
                }
                if (!chunkMatches(mover, t, shape, lower, upper)) {
                    recopy(mover, t, shape, lower, upper);
                }
                job.progress.chunksVerified.incrementAndGet();
                throttle.took(ReshardJob.CHUNK);
                lower = upper;
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    /**
     * Old and new agree on (lower, upper]: the old tables' sum, then the new tables' once the catch-up wrote every
     * change made before the old sum was taken. A chunk that keeps changing under writes is tried a few times.
     */
    private boolean chunkMatches(RowMover mover, MovingGroup.Table t, TableShape shape, Object lower, Object upper)
            throws SQLException, InterruptedException {
        for (int attempt = 0; attempt < TRIES; attempt++) {
            Chunks.Sum old = Chunks.Sum.ZERO;
            for (ShardLocation l : t.oldLayout().locations()) {
                old = old.plus(Chunks.sum(mover.connection(l.node()), l.physicalTable(), shape, lower, upper));
            }
            if (!job.awaitCaughtUp(job.currentPositions(), System.nanoTime() + ReshardJob.CATCH_UP_LIMIT.toNanos())) {
                throw new ReshardException("the catch-up did not reach the primaries within " + ReshardJob.CATCH_UP_LIMIT);
            }
            Chunks.Sum now = Chunks.Sum.ZERO;
            for (ShardLocation l : t.newLayout().locations()) {
                now = now.plus(Chunks.sum(mover.connection(l.node()), l.physicalTable(), shape, lower, upper));
            }
            if (old.equals(now)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Copies the rows of (lower, upper] that differ again, with the applier paused so no newer change it wrote is
     * overwritten: each row's CRC old against new, and every key whose row differs (or exists on one side only)
     * made to hold what the old layout holds now. Under writes most differences are changes the catch-up had not
     * written yet; copying those again is harmless, and a row the copy got wrong is fixed the same way.
     */
    private void recopy(RowMover mover, MovingGroup.Table t, TableShape shape, Object lower, Object upper)
            throws SQLException {
        job.applier.lock().lock();
        try {
            Map<Object, Long> old = new HashMap<>();
            for (ShardLocation l : t.oldLayout().locations()) {
                old.putAll(Chunks.rowSums(mover.connection(l.node()), l.physicalTable(), shape, lower, upper));
            }
            Map<Object, Long> now = new HashMap<>();
            for (ShardLocation l : t.newLayout().locations()) {
                Chunks.rowSums(mover.connection(l.node()), l.physicalTable(), shape, lower, upper)
                        .forEach((k, crc) -> now.merge(k, crc, (a, b) -> -1L)); // twice: differs by definition
            }
            Set<Object> differing = new LinkedHashSet<>();
            old.forEach((k, crc) -> {
                if (!crc.equals(now.get(k))) {
                    differing.add(k);
                }
            });
            now.keySet().stream().filter(k -> !old.containsKey(k)).forEach(differing::add);
            List<Object> keys = new ArrayList<>(differing);
            for (int from = 0; from < keys.size(); from += ReshardJob.CHUNK) {
                mover.sync(t, shape, keys.subList(from, Math.min(keys.size(), from + ReshardJob.CHUNK)));
            }
            job.progress.chunksRecopied.incrementAndGet();
            job.progress.rowsRecopied.addAndGet(keys.size());
            LOG.info("reshard of {}: range ({}, {}] differed; {} rows copied again", t.name(), lower, upper,
                    keys.size());
        } finally {
            job.applier.lock().unlock();
        }
    }
}
