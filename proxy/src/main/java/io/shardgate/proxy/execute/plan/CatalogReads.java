package io.shardgate.proxy.execute.plan;

import io.shardgate.proxy.execute.ErrorSink;
import io.shardgate.proxy.execute.ExecutionContext;
import io.shardgate.proxy.execute.LocalResult;
import io.shardgate.proxy.execute.RouteForwarding;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.router.metadata.MetadataRows;
import io.shardgate.router.plan.CatalogFold;
import io.shardgate.router.plan.CatalogRead;
import io.shardgate.router.plan.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Metadata shown with logical tables, computed from what the nodes say about their physical tables: a
 * {@link CatalogRead} gathers each view's rows from the nodes that have them, then runs the client's query on
 * the answering node over the folded rows (its answer forwarded as any route's); a {@link CatalogFold} gathers a
 * SHOW from every physical table and answers the folded rows itself. The gathers run one after another: they
 * are few and small, and a node's connection carries one statement at a time.
 */
final class CatalogReads {

    private final ExecutionContext context;
    private final RouteForwarding routes;

    CatalogReads(ExecutionContext context, RouteForwarding routes) {
        this.context = context;
        this.routes = routes;
    }

    void read(CatalogRead plan, StatementOutput output) {
        List<Route> all = new ArrayList<>();
        plan.sources().forEach(s -> all.addAll(s.gathers()));
        gather(all).whenComplete((outcomes, failure) -> {
            BufferedResult.Outcome failed = failure != null ? null : firstError(outcomes);
            if (failure != null || failed != null) {
                output.error(failure != null ? ErrorSink.toErr(failure) : failed.error());
                return;
            }
            List<List<MetadataRows>> gathered = new ArrayList<>();
            int next = 0;
            for (CatalogRead.Source s : plan.sources()) {
                List<MetadataRows> rows = new ArrayList<>();
                for (int i = 0; i < s.gathers().size(); i++) {
                    rows.add(rows(outcomes.get(next++)));
                }
                gathered.add(rows);
            }
            String sql = plan.sql(gathered, context.session().sqlMode());
            Route answer = plan.asWritten();
            routes.forward(new Route(answer.node(), sql, answer.primaryRequired()), null, output);
        });
    }

    void fold(CatalogFold plan, StatementOutput output) {
        context.session().counts().counted(-1);
        gather(plan.routes()).whenComplete((outcomes, failure) -> {
            BufferedResult.Outcome failed = failure != null ? null : firstError(outcomes);
            if (failure != null || failed != null) {
                output.error(failure != null ? ErrorSink.toErr(failure) : failed.error());
                return;
            }
            List<MetadataRows> answers = outcomes.stream().map(CatalogReads::rows).toList();
            output.result(new LocalResult(outcomes.getFirst().columns(), plan.rows(answers)));
        });
    }

    /** Each route's buffered answer, in order; completes on the session's event loop. */
    private CompletableFuture<List<BufferedResult.Outcome>> gather(List<Route> gathers) {
        CompletableFuture<List<BufferedResult.Outcome>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (Route r : gathers) {
            chain = chain.thenCompose(done -> context.onLoop(query(r)).thenApply(o -> {
                done.add(o);
                return done;
            }));
        }
        return context.onLoop(chain);
    }

    private CompletableFuture<BufferedResult.Outcome> query(Route route) {
        return context.acquire(route.node(), route.primaryRequired()).thenCompose(c -> {
            BufferedResult buffer = new BufferedResult(c.capabilities());
            c.execute(CommandPacket.query(route.sql(), context.session().charset()), buffer);
            return buffer.result();
        });
    }

    private static BufferedResult.Outcome firstError(List<BufferedResult.Outcome> outcomes) {
        for (BufferedResult.Outcome o : outcomes) {
            if (o.error() != null) {
                return o;
            }
        }
        return null;
    }

    /** A buffered answer as the router reads it: column names and literal kinds, rows as text. */
    static MetadataRows rows(BufferedResult.Outcome outcome) {
        List<ColumnDefinition41> columns = outcome.columns() == null ? List.of() : outcome.columns();
        List<String> names = new ArrayList<>(columns.size());
        List<MetadataRows.ValueKind> kinds = new ArrayList<>(columns.size());
        for (ColumnDefinition41 c : columns) {
            names.add(c.name());
            kinds.add(switch (c.type()) {
                case TINY, SHORT, LONG, INT24, LONGLONG, DECIMAL, NEWDECIMAL, FLOAT, DOUBLE, YEAR ->
                        MetadataRows.ValueKind.NUMBER;
                case DATETIME, DATETIME2, TIMESTAMP, TIMESTAMP2 -> MetadataRows.ValueKind.DATETIME;
                case DATE, NEWDATE -> MetadataRows.ValueKind.DATE;
                default -> MetadataRows.ValueKind.TEXT;
            });
        }
        return new MetadataRows(names, kinds, outcome.rows());
    }
}
