package io.shardgate.proxy.reshard;

import io.shardgate.config.ReshardSettings;
import io.shardgate.router.topology.ShardLocation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code RESHARD}, run on its own thread through its phases: create the new generation's tables, copy the rows
 * in key order, catch up from the source nodes' binlogs, verify chunk checksums (re-copying a chunk that differs),
 * then the {@link Cutover}. Until the cutover switched the layout, the old tables serve and are never written; a
 * failure or {@code CANCEL RESHARD} drops the new tables and leaves everything as it was.
 */
final class ReshardJob implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ReshardJob.class);

    static final int CHUNK = 1000;
    static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(30);
    static final int VERIFY_TRIES = 2;

    /** {@code CANCEL RESHARD} was asked. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    final MovingGroup group;
    final NodeLinks links;
    final LayoutSwitch layouts;
    final WriteHold hold;
    final ReshardSettings settings;
    final ReshardProgress progress = new ReshardProgress();
    private final String stateNode;
    private final String targetFile;
    private final boolean resuming;
    private volatile boolean cancelled;
    /** The proxy stops: end without undoing anything, so the next start resumes from the state row. */
    private volatile boolean shuttingDown;
    private ReshardState state;
    final Map<String, TableShape> shapes = new HashMap<>();
    final List<BinlogTail> tails = new ArrayList<>();
    ChangeApplier applier;
    private boolean switched;
    /** The state table's connection. */
    private final RowMover stateLink;

    ReshardJob(MovingGroup group, LayoutSwitch layouts, WriteHold hold, String targetFile, ReshardState resume) {
        this.group = group;
        this.links = new NodeLinks(group.next(), group.schema());
        this.layouts = layouts;
        this.hold = hold;
        this.settings = layouts.running().reshard();
        this.targetFile = targetFile;
        this.stateNode = layouts.running().schema(group.schema()).orElseThrow().defaultNode();
        this.resuming = resume != null;
        this.stateLink = new RowMover(links);
        this.state = resume != null ? resume : new ReshardState(group.tables().getFirst().name(), targetFile,
                group.generation(), "CREATING", Map.of(), Map.of(), null, null);
    }

    String targetFile() {
        return targetFile;
    }

    void cancel() {
        cancelled = true;
    }

    void stopForShutdown() {
        shuttingDown = true;
        cancelled = true;
    }

    ReshardProgress progress() {
        return progress;
    }

    @Override
    public void run() {
        hold.arm(group.names());
        try (RowMover mover = new RowMover(links)) {
            create(mover);
            copy(mover);
            catchUp();
            verify(mover);
            progress.enter(ReshardProgress.Phase.CUTTING_OVER);
            save("CUTTING_OVER", null);
            new Cutover(this).run(() -> {
                switched = true;
                String old = oldTables();
                state = new ReshardState(state.table(), targetFile, group.generation(), "DONE",
                        state.startPositions(), state.copied(), old, null);
            });
            save("DONE", null);
            progress.enter(ReshardProgress.Phase.DONE);
            LOG.info("reshard of {}.{} done: generation {} serves", group.schema(), group.names(), group.generation());
        } catch (Cancelled e) {
            end(ReshardProgress.Phase.CANCELLED, "cancelled by CANCEL RESHARD");
        } catch (InterruptedException e) {
            end(ReshardProgress.Phase.CANCELLED, "interrupted");
        } catch (SQLException | RuntimeException e) {
            LOG.warn("reshard of {}.{} failed", group.schema(), group.names(), e);
            end(ReshardProgress.Phase.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            tails.forEach(BinlogTail::close);
            if (applier != null) {
                applier.close();
            }
            hold.disarm();
            stateLink.close();
        }
    }

    /** A failure or a cancel: the old layout keeps serving; before the switch, the new tables go. */
    private void end(ReshardProgress.Phase phase, String why) {
        progress.error = why;
        if (shuttingDown && !switched) {
            progress.note = "the proxy stopped; the next start resumes this reshard";
            progress.enter(ReshardProgress.Phase.CANCELLED);
            return;
        }
        if (switched) {
            progress.note = "the new layout serves; then: " + why;
            progress.enter(ReshardProgress.Phase.DONE);
            return;
        }
        try (RowMover mover = new RowMover(links)) {
            for (MovingGroup.Table t : group.tables()) {
                for (ShardLocation l : t.newLayout().locations()) {
                    mover.execute(l.node(), "DROP TABLE IF EXISTS " + TableShape.quote(l.physicalTable()));
                }
            }
            save(phase.name(), why);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not drop the new tables of a stopped reshard", e);
        }
        progress.enter(phase);
    }

    // ---------------------------------------------------------------- create

    private void create(RowMover mover) throws SQLException {
        progress.enter(ReshardProgress.Phase.CREATING);
        for (MovingGroup.Table t : group.tables()) {
            ShardLocation first = t.oldLayout().location(0);
            TableShape shape = TableShape.read(mover.connection(first.node()), group.schema(), first.physicalTable(),
                    t.name(), t.before().shardKey());
            shapes.put(t.name(), shape);
            String definition;
            try (Statement s = mover.connection(first.node()).createStatement();
                 ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + TableShape.quote(first.physicalTable()))) {
                rs.next();
                definition = rs.getString(2);
            }
            String prefix = "CREATE TABLE " + TableShape.quote(first.physicalTable());
            if (!definition.startsWith(prefix)) {
                throw new ReshardException("unexpected definition of " + first.physicalTable() + ": " + definition);
            }
            for (ShardLocation l : t.newLayout().locations()) {
                if (!resuming && exists(mover.connection(l.node()), l.physicalTable())) {
                    throw new ReshardException("table " + l.physicalTable() + " already exists on " + l.node()
                            + ": the new layout's tables must be new (drop it if an earlier run left it)");
                }
                mover.execute(l.node(), "CREATE TABLE IF NOT EXISTS " + TableShape.quote(l.physicalTable())
                        + definition.substring(prefix.length()));
            }
            long estimate = 0;
            for (ShardLocation l : t.oldLayout().locations()) {
                estimate += rowEstimate(mover.connection(l.node()), l.physicalTable());
            }
            progress.rowsEstimate += estimate;
        }
        if (state.startPositions().isEmpty()) {
            Map<String, String> positions = new LinkedHashMap<>();
            for (String node : sourceNodes()) {
                positions.put(node, position(mover.connection(node)).toString());
            }
            state = new ReshardState(state.table(), targetFile, group.generation(), "COPYING", positions,
                    Map.of(), null, null);
        }
        save("COPYING", null);
    }

    private boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
                + "AND TABLE_NAME = ?")) {
            s.setString(1, group.schema());
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private long rowEstimate(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT TABLE_ROWS FROM information_schema.TABLES WHERE "
                + "TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            s.setString(1, group.schema());
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The nodes holding the moving tables' old physical tables, in order. */
    Set<String> sourceNodes() {
        Set<String> nodes = new LinkedHashSet<>();
        group.tables().forEach(t -> t.oldLayout().locations().forEach(l -> nodes.add(l.node())));
        return nodes;
    }

    static GtidPosition position(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@GLOBAL.gtid_binlog_pos")) {
            rs.next();
            return GtidPosition.parse(rs.getString(1));
        }
    }

    // ---------------------------------------------------------------- copy

    private void copy(RowMover mover) throws SQLException, InterruptedException {
        progress.enter(ReshardProgress.Phase.COPYING);
        long started = System.nanoTime();
        int chunk = (int) Math.max(1, Math.min(CHUNK, settings.maxRowsPerSecond()));
        Throttle throttle = new Throttle(settings.maxRowsPerSecond());
        Map<String, String> copied = new LinkedHashMap<>(state.copied());
        for (MovingGroup.Table t : group.tables()) {
            TableShape shape = shapes.get(t.name());
            for (ShardLocation old : t.oldLayout().locations()) {
                String at = old.node() + "/" + old.physicalTable();
                String last = copied.get(at);
                if (ReshardState.COPY_DONE.equals(last)) {
                    continue;
                }
                Object after = last == null ? null : keyFromText(last);
                while (true) {
                    checkCancelled();
                    List<Object[]> rows = mover.readChunk(old, shape, after, chunk);
                    if (rows.isEmpty()) {
                        break;
                    }
                    mover.write(t, shape, rows);
                    after = RowMover.keyValue(rows.getLast()[shape.keyIndex()]);
                    progress.rowsCopied.addAndGet(rows.size());
                    copied.put(at, String.valueOf(after));
                    state = new ReshardState(state.table(), targetFile, group.generation(), "COPYING",
                            state.startPositions(), copied, null, null);
                    save("COPYING", null);
                    throttle.took(rows.size());
                }
                copied.put(at, ReshardState.COPY_DONE);
            }
        }
        state = new ReshardState(state.table(), targetFile, group.generation(), "CATCHING_UP",
                state.startPositions(), copied, null, null);
        progress.copyNanos = System.nanoTime() - started;
    }

    /** A saved key: digits are a number again (compared as a string, a BIGINT key would lose precision). */
    private static Object keyFromText(String text) {
        return text.matches("-?\\d{1,18}") ? (Object) Long.parseLong(text) : text;
    }

    // ---------------------------------------------------------------- catch up

    private void catchUp() throws SQLException, InterruptedException {
        progress.enter(ReshardProgress.Phase.CATCHING_UP);
        save("CATCHING_UP", null);
        applier = new ChangeApplier(group, shapes, links);
        applier.start();
        for (String node : sourceNodes()) {
            Map<String, String> moving = new HashMap<>();
            Map<String, Integer> ordinals = new HashMap<>();
            for (MovingGroup.Table t : group.tables()) {
                ordinals.put(t.name(), shapes.get(t.name()).keyOrdinal());
                t.oldLayout().locations().stream().filter(l -> l.node().equals(node))
                        .forEach(l -> moving.put(l.physicalTable().toLowerCase(Locale.ROOT), t.name()));
            }
            BinlogTail tail = new BinlogTail(links.node(node), group.schema(), moving, ordinals,
                    GtidPosition.parse(state.startPositions().get(node)), applier);
            tails.add(tail);
            tail.start();
        }
        awaitCaughtUp(currentPositions(), System.nanoTime() + CATCH_UP_LIMIT.toNanos());
    }

    /** Each source node's primary position now. */
    Map<BinlogTail, GtidPosition> currentPositions() throws SQLException {
        Map<BinlogTail, GtidPosition> out = new HashMap<>();
        try (RowMover m = new RowMover(links)) {
            for (BinlogTail tail : tails) {
                out.put(tail, position(m.connection(tail.node())));
            }
        }
        return out;
    }

    /** Waits until the applier wrote every change up to {@code positions}; false at the deadline. */
    boolean awaitCaughtUp(Map<BinlogTail, GtidPosition> positions, long deadlineNanos) throws InterruptedException {
        while (true) {
            checkHealthy();
            boolean all = true;
            for (Map.Entry<BinlogTail, GtidPosition> e : positions.entrySet()) {
                all &= applier.caughtUp(e.getKey(), e.getValue());
            }
            if (all) {
                return true;
            }
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            Thread.sleep(2);
        }
    }

    void checkHealthy() {
        checkCancelled();
        for (BinlogTail tail : tails) {
            if (tail.failure() != null) {
                throw new ReshardException(tail.failure());
            }
        }
        if (applier != null && applier.failure() != null) {
            throw new ReshardException(applier.failure());
        }
    }

    void checkCancelled() {
        if (cancelled) {
            throw new Cancelled();
        }
    }

    // ---------------------------------------------------------------- verify

    private void verify(RowMover mover) throws SQLException, InterruptedException {
        progress.enter(ReshardProgress.Phase.VERIFYING);
        save("VERIFYING", null);
        Throttle throttle = new Throttle(settings.maxRowsPerSecond());
        for (MovingGroup.Table t : group.tables()) {
            TableShape shape = shapes.get(t.name());
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
                checkHealthy();
                Object upper = null;
                for (ShardLocation l : t.oldLayout().locations()) {
                    Object u = Chunks.upperBound(mover.connection(l.node()), l.physicalTable(), shape, lower, CHUNK);
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
                progress.chunksVerified.incrementAndGet();
                throttle.took(CHUNK);
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
        for (int attempt = 0; attempt < VERIFY_TRIES; attempt++) {
            Chunks.Sum old = Chunks.Sum.ZERO;
            for (ShardLocation l : t.oldLayout().locations()) {
                old = old.plus(Chunks.sum(mover.connection(l.node()), l.physicalTable(), shape, lower, upper));
            }
            if (!awaitCaughtUp(currentPositions(), System.nanoTime() + CATCH_UP_LIMIT.toNanos())) {
                throw new ReshardException("the catch-up did not reach the primaries within " + CATCH_UP_LIMIT);
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
        applier.lock().lock();
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
            for (int from = 0; from < keys.size(); from += CHUNK) {
                mover.sync(t, shape, keys.subList(from, Math.min(keys.size(), from + CHUNK)));
            }
            progress.chunksRecopied.incrementAndGet();
            progress.rowsRecopied.addAndGet(keys.size());
        } finally {
            applier.lock().unlock();
        }
    }

    // ---------------------------------------------------------------- state

    /** The old physical tables, {@code node/table} comma-separated. */
    String oldTables() {
        List<String> out = new ArrayList<>();
        group.tables().forEach(t -> t.oldLayout().locations().forEach(l -> out.add(l.node() + "/" + l.physicalTable())));
        return String.join(",", out);
    }

    private void save(String phase, String error) throws SQLException {
        state = state.phase(phase, error);
        Connection c = stateLink.connection(stateNode);
        ReshardState.createTable(c);
        state.write(c);
    }
}
