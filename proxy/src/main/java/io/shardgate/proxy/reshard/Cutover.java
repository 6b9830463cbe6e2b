package io.shardgate.proxy.reshard;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.GenerationEdit;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.router.topology.ShardLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switch from the old layout to the new, with writes held for at most {@code reshard.cutover-timeout}:
 * <ol>
 *   <li>the {@link WriteHold} closes: new statements naming a moving table wait at the proxy;</li>
 *   <li>the statements already planned on the old layout finish;</li>
 *   <li>{@code FLUSH TABLES <old tables> WITH READ LOCK} on each source node waits for open transactions that wrote
 *       them (their COMMIT is not held) and keeps anything else from writing them;</li>
 *   <li>the catch-up applies every change up to each source primary's position read under that lock, and the
 *       row counts of old and new agree;</li>
 *   <li>the new config (the target file with the next generation) becomes the running one and the config file, in
 *       one swap;</li>
 *   <li>the locks go and the held statements are planned again, on the new layout.</li>
 * </ol>
 * Past the timeout at any step before the swap, everything is let go as it was (the held statements run on the old
 * layout) and the cutover is tried again a little later, a few times, before the reshard fails.
 */
final class Cutover {

    private static final Logger LOG = LoggerFactory.getLogger(Cutover.class);
    static final int ATTEMPTS = 5;
    /**
     * Up to this many rows (estimated) the cutover counts the old and new tables under the hold: a last check that
     * costs a scan of both, too long a pause for larger tables, where the verify phase has to do.
     */
    static final long COUNT_CHECK_ROWS = 200_000;

    private final ReshardJob job;

    Cutover(ReshardJob job) {
        this.job = job;
    }

    /** @param switched called right after the new layout became the running one */
    void run(Runnable switched) throws SQLException, InterruptedException {
        String fileText = nextFileText();
        Path file = job.layouts.configFile();
        Path dir = file.toAbsolutePath().getParent();
        ShardgateConfig next = ConfigLoader.read(fileText, file.toString(), System::getenv, dir).config();
        for (MovingGroup.Table t : job.group.tables()) {
            var written = next.schema(job.group.schema()).flatMap(s -> s.table(t.name())).orElseThrow();
            if (!written.equals(t.after())) {
                throw new ReshardException("the config written back would give " + t.name() + " another layout than "
                        + "the one filled: " + written + " vs " + t.after());
            }
        }
        long limitMillis = job.settings.cutoverTimeout().toMillis();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            job.checkHealthy();
            job.progress.cutoverAttempts.incrementAndGet();
            String why = attempt(next, fileText, limitMillis, switched);
            if (why == null) {
                return;
            }
            job.progress.note = "cutover attempt " + attempt + " gave up: " + why;
            LOG.info("reshard of {}: cutover attempt {} gave up: {}", job.group.names(), attempt, why);
            Thread.sleep(500L * attempt);
        }
        throw new ReshardException("the cutover did not finish within " + limitMillis + " ms in " + ATTEMPTS
                + " attempts: " + job.progress.note);
    }

    /** One try: null when switched, else why it gave up (everything let go). */
    private String attempt(ShardgateConfig next, String fileText, long limitMillis, Runnable switched)
            throws SQLException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limitMillis * 1_000_000L;
        List<Connection> locks = new ArrayList<>();
        job.hold.close(limitMillis);
        try {
            while (job.hold.running() > 0) {
                if (System.nanoTime() > deadline) {
                    return job.hold.running() + " statements on the moving tables still running";
                }
                Thread.sleep(1);
            }
            for (String node : job.sourceNodes()) {
                Connection c = job.links.open(node);
                locks.add(c);
                try (Statement s = c.createStatement()) {
                    long seconds = Math.max(1, (deadline - System.nanoTime() + 999_999_999L) / 1_000_000_000L);
                    s.execute("SET SESSION lock_wait_timeout = " + seconds);
                    s.execute("FLUSH TABLES " + String.join(", ", oldTablesOn(node)) + " WITH READ LOCK");
                } catch (SQLException e) {
                    return "locking the old tables on " + node + ": " + e.getMessage();
                }
            }
            if (System.nanoTime() > deadline) {
                return "locking the old tables took longer than the limit";
            }
            Map<BinlogTail, GtidPosition> positions = job.currentPositions();
            if (!job.awaitCaughtUp(positions, deadline)) {
                return "the catch-up did not reach the primaries' positions in time";
            }
            if (job.progress.rowsEstimate <= COUNT_CHECK_ROWS) {
                String mismatch = countMismatch();
                if (mismatch != null) {
                    return mismatch;
                }
            }
            if (System.nanoTime() > deadline || !job.hold.closed()) {
                return "the checks took longer than the limit";
            }
            String kept = job.layouts.install(next, fileText, job.group.generation());
            job.hold.switched(job.group.names());
            switched.run();
            job.progress.note = "previous config kept as " + kept;
            return null;
        } finally {
            for (Connection c : locks) {
                try (c; Statement s = c.createStatement()) {
                    s.execute("UNLOCK TABLES");
                } catch (SQLException ignored) {
                    // closing the connection releases the lock as well
                }
            }
            job.hold.open();
            job.progress.cutoverPauseMillis = (System.nanoTime() - start) / 1_000_000L;
        }
    }

    private List<String> oldTablesOn(String node) {
        List<String> out = new ArrayList<>();
        job.group.tables().forEach(t -> t.oldLayout().locations().stream().filter(l -> l.node().equals(node))
                .forEach(l -> out.add(TableShape.quote(l.physicalTable()))));
        return out;
    }

    /** With writes stopped and the catch-up complete, old and new must hold as many rows; null when they do. */
    private String countMismatch() throws SQLException {
        try (RowMover m = new RowMover(job.links)) {
            for (MovingGroup.Table t : job.group.tables()) {
                long old = 0;
                long now = 0;
                for (ShardLocation l : t.oldLayout().locations()) {
                    old += count(m.connection(l.node()), l.physicalTable());
                }
                for (ShardLocation l : t.newLayout().locations()) {
                    now += count(m.connection(l.node()), l.physicalTable());
                }
                if (old != now) {
                    return t.name() + " has " + old + " rows in the old layout and " + now + " in the new";
                }
            }
        }
        return null;
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + TableShape.quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The target file with the moving group's parent in the new generation. */
    private String nextFileText() {
        Path target = Path.of(job.targetFile());
        try {
            return GenerationEdit.withGeneration(Files.readString(target), job.group.schema(),
                    job.group.tables().getFirst().name(), job.group.generation());
        } catch (IOException e) {
            throw new ReshardException("cannot read " + target + ": " + e.getMessage(), e);
        }
    }
}
