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
            progress.enter(ReshardProgress.Phase.VERIFYING);
            save("VERIFYING", null);
            new Verify(this).run(mover);
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
