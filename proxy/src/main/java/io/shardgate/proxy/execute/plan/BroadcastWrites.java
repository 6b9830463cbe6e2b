package io.shardgate.proxy.execute.plan;

import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.execute.ErrorSink;
import io.shardgate.proxy.execute.ExecutionContext;
import io.shardgate.proxy.execute.SilentCommand;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.proxy.execute.Transactions;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.router.plan.Broadcast;
import io.shardgate.router.plan.GeneratedKeys;
import io.shardgate.router.plan.InsertSelect;
import io.shardgate.router.plan.Route;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Writes that touch several shards or nodes (a split multi-row INSERT, an UPDATE over shards, a write to a
 * broadcast table's copies, DDL everywhere), and INSERTs whose keys the proxy generated: the routes run
 * silently, nodes in parallel and the routes of one node one after another on its connection, and the client
 * gets one OK with the affected rows summed (of copies, one copy's).
 *
 * <p>One statement is atomic, as on one server: in autocommit mode, a data change with several routes (INSERT,
 * REPLACE, UPDATE, DELETE; not DDL, which commits implicitly) runs as a transaction of its own over the shards it
 * touches, committed only when every route succeeded (plain on one node, by the schema's transaction mode over
 * several). A write the transaction mode refuses ({@code single-node}) is refused before any route runs.
 */
final class BroadcastWrites {

    private final ExecutionContext context;

    BroadcastWrites(ExecutionContext context) {
        this.context = context;
    }

    void run(Broadcast writes, long lastInsertId, StatementOutput output) {
        run(writes, lastInsertId, null, output);
    }

    /**
     * @param insertSelect for an INSERT ... SELECT, its rows and conflict rule: the OK then carries MySQL's info
     *     {@code Records: n  Duplicates: d  Warnings: w} (the backends' duplicates and warnings summed); else null
     */
    void run(Broadcast writes, long lastInsertId, InsertSelects.Written insertSelect, StatementOutput output) {
        var session = context.session();
        Transactions transactions = context.transactions();
        boolean changesData = !writes.routes().isEmpty() && changesData(writes.routes().getFirst().sql());
        if (changesData) {
            Set<String> nodes = new LinkedHashSet<>();
            writes.routes().forEach(r -> nodes.add(r.node()));
            ErrPacket refused = transactions.refusesWrites(nodes);
            if (refused != null) {
                session.counts().counted(-1);
                output.error(refused);
                return;
            }
        }
        // (not under table locks: a BEGIN would release them, and MariaDB refuses XA there)
        boolean own = changesData && writes.routes().size() > 1 && !transactions.inTransaction()
                && !context.holdsTableLocks();
        CompletableFuture<Void> begun = own ? transactions.begin() : CompletableFuture.completedFuture(null);
        CompletableFuture<Totals> ran = context.onLoop(begun.thenCompose(x -> runAll(writes.routes(), writes.copies(),
                insertSelect == null ? InsertSelect.Conflict.ERROR : insertSelect.conflict())));
        ran = !own ? ran : ran.handle((affected, failure) -> context.onLoop(transactions.end(failure == null))
                .handle((x, endFailure) -> {
                    Throwable problem = failure != null ? failure : endFailure;
                    if (problem != null) {
                        throw problem instanceof CompletionException c ? c : new CompletionException(problem);
                    }
                    return affected;
                })).thenCompose(f -> f);
        ran.whenComplete((totals, failure) -> {
            if (failure != null) {
                session.counts().counted(-1);
                output.error(ErrorSink.toErr(failure));
            } else if (insertSelect == null) {
                // one backend knows only its own share: ROW_COUNT() of this statement is the proxy's to answer
                session.counts().counted(totals.affected());
                output.ok(OkPacket.of(totals.affected(), lastInsertId, session.serverStatus(), 0));
            } else {
                session.counts().counted(totals.affected());
                int warnings = (int) Math.min(0xFFFF, totals.warnings());
                String info = "Records: " + insertSelect.records() + "  Duplicates: " + totals.duplicates()
                        + "  Warnings: " + totals.warnings();
                output.ok(new OkPacket(OkPacket.HEADER, totals.affected(), lastInsertId, session.serverStatus(),
                        warnings, info, null));
            }
        });
    }

    void generated(GeneratedKeys g, StatementOutput output) {
        generated(g, null, output);
    }

    /** @param insertSelect as for {@link #run(Broadcast, long, InsertSelects.Written, StatementOutput)} */
    void generated(GeneratedKeys g, InsertSelects.Written insertSelect, StatementOutput output) {
        var session = context.session();
        session.lastInsertId(g.firstId());
        session.generatedKeys(true);
        Broadcast writes = switch (g.input()) {
            case Route r -> new Broadcast(List.of(r));
            case Broadcast b -> b;
            default -> null;
        };
        if (writes == null) {
            output.error(MysqlError.NOT_SUPPORTED_YET.toPacket("generated keys for a statement that is not one write "
                    + "per shard"));
            return;
        }
        run(writes, g.firstId(), insertSelect, output);
    }

    /** INSERT, REPLACE, UPDATE or DELETE: a statement one server would undo as a whole when a part failed. */
    static boolean changesData(String sql) {
        int i = 0;
        while (i < sql.length() && (sql.charAt(i) == '(' || Character.isWhitespace(sql.charAt(i)))) {
            i++;
        }
        for (String verb : DATA_CHANGES) {
            if (sql.regionMatches(true, i, verb, 0, verb.length())
                    && (i + verb.length() == sql.length() || !Character.isLetterOrDigit(sql.charAt(i + verb.length())))) {
                return true;
            }
        }
        return false;
    }

    private static final String[] DATA_CHANGES = {"INSERT", "REPLACE", "UPDATE", "DELETE"};

    /** What the routes' OK packets said, summed. */
    private record Totals(long affected, long duplicates, long warnings) {

        static final Totals NONE = new Totals(0, 0, 0);

        Totals plus(SilentCommand ok, InsertSelect.Conflict conflict) {
            long d = ok.countedDuplicates() ? ok.duplicates() : conflict.duplicatesOfOneRow(ok.affectedRows());
            return new Totals(affected + ok.affectedRows(), duplicates + d, warnings + ok.warnings());
        }

        Totals plus(Totals other) {
            return new Totals(affected + other.affected, duplicates + other.duplicates, warnings + other.warnings);
        }
    }

    /**
     * Completes with the summed totals (for {@code copies}, one route per node: the first node's) or the first
     * error.
     */
    private CompletableFuture<Totals> runAll(List<Route> routes, boolean copies, InsertSelect.Conflict conflict) {
        Map<String, List<Route>> byNode = new LinkedHashMap<>();
        for (Route r : routes) {
            byNode.computeIfAbsent(r.node() + (r.primaryRequired() ? "#p" : "#r"), k -> new ArrayList<>()).add(r);
        }
        List<CompletableFuture<Totals>> perNode = new ArrayList<>();
        for (List<Route> nodeRoutes : byNode.values()) {
            Route first = nodeRoutes.get(0);
            perNode.add(context.acquire(first.node(), first.primaryRequired())
                    .thenCompose(c -> sequential(c, nodeRoutes, 0, Totals.NONE, conflict)));
        }
        return CompletableFuture.allOf(perNode.toArray(CompletableFuture[]::new))
                .thenApply(x -> copies && !perNode.isEmpty() ? perNode.getFirst().join()
                        : perNode.stream().map(CompletableFuture::join).reduce(Totals.NONE, Totals::plus));
    }

    private CompletableFuture<Totals> sequential(BackendConnection c, List<Route> routes, int i, Totals sum,
                                                 InsertSelect.Conflict conflict) {
        if (i == routes.size()) {
            return CompletableFuture.completedFuture(sum);
        }
        SilentCommand silent = new SilentCommand();
        c.execute(CommandPacket.query(routes.get(i).sql(), context.session().charset()), silent);
        return silent.result().thenCompose(status -> {
            context.transactions().observe(status);
            return sequential(c, routes, i + 1, sum.plus(silent, conflict), conflict);
        });
    }
}
