package io.shardgate.proxy.reshard;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.ConfigException;
import io.shardgate.config.SchemaConfig;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.TableConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin interface's side of resharding: starts one {@link ReshardJob} at a time, reports it, cancels it, drops
 * what a finished one left behind ({@code RESHARD CLEANUP}), and at start resumes one a stopped proxy left unfinished.
 */
public final class Resharder {

    private static final Logger LOG = LoggerFactory.getLogger(Resharder.class);

    /** One status line per column of {@code SHOW RESHARD STATUS}. */
    public record Status(List<String> columns, List<String> values) {
    }

    private final LayoutSwitch layouts;
    private final WriteHold hold;
    private ReshardJob job;
    private Thread thread;

    public Resharder(LayoutSwitch layouts, WriteHold hold) {
        this.layouts = layouts;
        this.hold = hold;
    }

    /** {@code RESHARD TABLE schema.table TO 'file'}: the message for the operator once the job started. */
    public synchronized String start(String schema, String table, String targetFile) {
        if (job != null && thread.isAlive()) {
            throw new ReshardException("a reshard of " + job.group.schema() + "." + job.group.names() + " is running ("
                    + job.progress.phase + "); CANCEL RESHARD first");
        }
        if (layouts.configFile() == null) {
            throw new ReshardException("this proxy was not started from a config file: the cutover writes the new "
                    + "layout there");
        }
        Path target = Path.of(targetFile);
        if (!Files.isReadable(target)) {
            throw new ReshardException("cannot read " + targetFile);
        }
        ShardgateConfig running = layouts.running();
        ShardgateConfig next;
        try {
            next = ConfigLoader.load(target);
        } catch (ConfigException e) {
            throw new ReshardException(targetFile + " is not a valid config: " + String.join("; ",
                    e.problems().stream().map(Object::toString).toList()));
        }
        MovingGroup group = MovingGroup.between(running, next, schema, table);
        launch(new ReshardJob(group, layouts, hold, target.toAbsolutePath().toString(), null));
        return "resharding " + group.schema() + "." + String.join(", ", group.names()) + " into generation "
                + group.generation() + "; SHOW RESHARD STATUS follows it";
    }

    private void launch(ReshardJob next) {
        job = next;
        thread = Thread.ofPlatform().daemon().name("reshard-" + next.group.schema()).start(next);
    }

    /** The proxy stops: a running reshard ends as cancelled (its state row lets the next start resume it). */
    public synchronized void stop() {
        if (job != null && thread.isAlive()) {
            job.stopForShutdown();
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code CANCEL RESHARD}. */
    public synchronized String cancel() {
        if (job == null || !thread.isAlive()) {
            throw new ReshardException("no reshard is running");
        }
        // a cutover attempt under way ends first (the switch itself is one step), then the job stops
        job.cancel();
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "reshard of " + job.group.schema() + "." + String.join(", ", job.group.names()) + ": "
                + job.progress.phase.name().toLowerCase(java.util.Locale.ROOT)
                + (job.progress.phase == ReshardProgress.Phase.DONE ? " (the cutover had already switched)"
                : "; the old layout serves, the new tables are dropped");
    }

    /** {@code SHOW RESHARD STATUS}: the running or last reshard of this proxy, or nothing. */
    public synchronized Optional<Status> status() {
        if (job == null) {
            return Optional.empty();
        }
        ReshardProgress p = job.progress;
        ChangeApplier a = job.applier;
        List<String> columns = List.of("schema", "tables", "generation", "phase", "phase_seconds", "rows_estimate",
                "rows_copied", "copy_rows_per_second", "changes_applied", "rows_synced", "changes_pending",
                "apply_delay_ms", "chunks_verified", "chunks_recopied", "rows_recopied", "cutover_attempts",
                "cutover_pause_ms",
                "error", "note");
        List<String> values = new ArrayList<>();
        values.add(job.group.schema());
        values.add(String.join(",", job.group.names()));
        values.add(Integer.toString(job.group.generation()));
        values.add(p.phase.name().toLowerCase(java.util.Locale.ROOT));
        values.add(Long.toString(p.phaseSeconds()));
        values.add(Long.toString(p.rowsEstimate));
        values.add(Long.toString(p.rowsCopied.get()));
        values.add(Long.toString(p.copyRate()));
        values.add(a == null ? "0" : Long.toString(a.applied()));
        values.add(a == null ? "0" : Long.toString(a.rowsWritten()));
        values.add(a == null ? "0" : Long.toString(a.pendingTotal()));
        values.add(a == null ? null : Long.toString(a.lastDelayMillis()));
        values.add(Long.toString(p.chunksVerified.get()));
        values.add(Long.toString(p.chunksRecopied.get()));
        values.add(Long.toString(p.rowsRecopied.get()));
        values.add(Long.toString(p.cutoverAttempts.get()));
        values.add(p.cutoverPauseMillis < 0 ? null : Long.toString(p.cutoverPauseMillis));
        values.add(p.error);
        values.add(p.note);
        return Optional.of(new Status(columns, values));
    }

    /**
     * {@code RESHARD CLEANUP}: drops the old tables of each schema's finished reshard (recorded in its state table).
     *
     * @return one line per dropped table
     */
    public synchronized List<String> cleanup() {
        if (job != null && thread.isAlive()) {
            throw new ReshardException("a reshard is running; RESHARD CLEANUP drops old tables once it is done");
        }
        ShardgateConfig running = layouts.running();
        List<String> dropped = new ArrayList<>();
        for (SchemaConfig schema : running.schemas()) {
            NodeLinks links = new NodeLinks(running, schema.name());
            try (RowMover m = new RowMover(links)) {
                Connection state = m.connection(schema.defaultNode());
                if (!stateTableExists(state, schema.name())) {
                    continue;
                }
                Optional<ReshardState> found = ReshardState.read(state);
                if (found.isEmpty() || !found.get().phase().equals("DONE") || found.get().oldTables() == null) {
                    continue;
                }
                for (String at : found.get().oldTables().split(",")) {
                    String node = at.substring(0, at.indexOf('/'));
                    String table = at.substring(at.indexOf('/') + 1);
                    if (servedBy(schema, table)) {
                        throw new ReshardException(table + " on " + node + " still serves " + schema.name()
                                + ": not dropped");
                    }
                    m.execute(node, "DROP TABLE IF EXISTS " + TableShape.quote(table));
                    dropped.add(schema.name() + "." + table + " on " + node);
                }
                found.get().phase("CLEANED", null).write(state);
            } catch (SQLException e) {
                throw new ReshardException("cleanup of " + schema.name() + " failed: " + e.getMessage(), e);
            }
        }
        if (dropped.isEmpty()) {
            throw new ReshardException("nothing to clean up: no finished reshard left old tables");
        }
        return dropped;
    }

    private static boolean servedBy(SchemaConfig schema, String physical) {
        for (TableConfig t : schema.tables()) {
            if (!t.broadcast() && io.shardgate.router.topology.TableTopology.of(t).locations().stream()
                    .anyMatch(l -> l.physicalTable().equalsIgnoreCase(physical))) {
                return true;
            }
        }
        return false;
    }

    private static boolean stateTableExists(Connection c, String schema) throws SQLException {
        try (var s = c.prepareStatement("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND "
                + "TABLE_NAME = ?")) {
            s.setString(1, schema);
            s.setString(2, ReshardState.TABLE);
            try (var rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * At start: resumes a reshard a stopped proxy left unfinished (in a schema's state table), from its last copied
     * chunks and its binlog start positions. A reshard whose cutover already wrote the running config is marked done.
     */
    public synchronized void resumeUnfinished() {
        ShardgateConfig running = layouts.running();
        for (SchemaConfig schema : running.schemas()) {
            try (RowMover m = new RowMover(new NodeLinks(running, schema.name()))) {
                Connection c = m.connection(schema.defaultNode());
                if (!stateTableExists(c, schema.name())) {
                    continue;
                }
                Optional<ReshardState> found = ReshardState.read(c);
                if (found.isEmpty() || !found.get().unfinished()) {
                    continue;
                }
                ReshardState state = found.get();
                TableConfig now = schema.table(state.table()).orElse(null);
                if (now != null && now.generation() >= state.generation()) {
                    new ReshardState(state.table(), state.targetFile(), state.generation(), "DONE",
                            state.startPositions(), state.copied(), null, null).write(c);
                    continue;
                }
                MovingGroup group = MovingGroup.between(running, ConfigLoader.load(Path.of(state.targetFile())),
                        schema.name(), state.table());
                LOG.info("resuming the reshard of {}.{} ({})", schema.name(), group.names(), state.phase());
                launch(new ReshardJob(group, layouts, hold, state.targetFile(), state));
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.warn("could not resume the reshard of schema {}: {}", schema.name(), e.getMessage());
            }
        }
    }
}
