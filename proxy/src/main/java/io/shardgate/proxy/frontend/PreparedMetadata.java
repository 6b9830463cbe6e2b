package io.shardgate.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.PacketKind;
import io.shardgate.proxy.backend.ResponseHandler;
import io.shardgate.proxy.binding.SessionBackends;
import io.shardgate.proxy.execute.ClientStream;
import io.shardgate.proxy.execute.LogicalTableNames;
import io.shardgate.proxy.execute.SilentCommand;
import io.shardgate.proxy.execute.scatter.ClientColumns;
import io.shardgate.proxy.protocol.CharsetId;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ColumnType;
import io.shardgate.proxy.protocol.ComStmtPrepareOk;
import io.shardgate.proxy.protocol.Command;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.proxy.protocol.EofPacket;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.ErrorResponse;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.session.Session;
import io.shardgate.router.plan.Broadcast;
import io.shardgate.router.plan.CatalogRead;
import io.shardgate.router.plan.Empty;
import io.shardgate.router.plan.GeneratedKeys;
import io.shardgate.router.plan.InlineSubqueries;
import io.shardgate.router.plan.InsertSelect;
import io.shardgate.router.plan.Local;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Route;
import io.shardgate.router.plan.SessionCommand;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntUnaryOperator;

/**
 * The COM_STMT_PREPARE answer for a statement the proxy routes itself: the client needs the parameter
 * count (the router's) and the result columns, which only a server can tell. The first shard's physical
 * statement is prepared once on its connection, its column definitions kept (without the hidden columns a
 * merge adds), and the backend statement closed again. Writes have no result columns and need no backend.
 */
final class PreparedMetadata {

    /**
     * Where the metadata comes from.
     *
     * @param route the statement to prepare on a shard; null for statements without result columns
     * @param visible how many of the shard's columns the client sees, given their count
     * @param error the answer instead, for statements that cannot be prepared
     */
    record Source(Route route, IntUnaryOperator visible, ErrPacket error, boolean setResult, ReadPlan joined) {

        Source(Route route, IntUnaryOperator visible, ErrPacket error) {
            this(route, visible, error, false, null);
        }

        Source(Route route, IntUnaryOperator visible, ErrPacket error, boolean setResult) {
            this(route, visible, error, setResult, null);
        }
    }

    private static final java.util.Set<Local.Kind> NO_RESULT = java.util.EnumSet.of(Local.Kind.BEGIN,
            Local.Kind.COMMIT, Local.Kind.ROLLBACK, Local.Kind.SAVEPOINT, Local.Kind.ROLLBACK_TO_SAVEPOINT,
            Local.Kind.RELEASE_SAVEPOINT, Local.Kind.USE_SCHEMA, Local.Kind.KILL);

    private PreparedMetadata() {
    }

    static Source sourceOf(Plan plan, String sql, int parameterCount) {
        return switch (plan) {
            // a join's columns come from two statements: the first shard of each side tells its own
            case ReadPlan tree when !tree.routes().isEmpty() && !tree.setResult() && tree.leaves().size() > 1 ->
                    new Source(tree.routes().getFirst(), tree::columnCount, null, false, tree);
            case ReadPlan tree when !tree.routes().isEmpty() ->
                    new Source(tree.routes().getFirst(), tree::columnCount, null, tree.setResult());
            case Empty e -> new Source(e.metadata(), n -> n, null);
            // the statement as written on one shard: its subqueries' values change no column
            case InlineSubqueries s -> new Source(s.metadata(), n -> n, null);
            // information_schema read as written on the answering node: the same columns
            case CatalogRead c -> new Source(c.asWritten(), n -> n, null);
            case Broadcast b -> new Source(null, n -> 0, null);
            case InsertSelect i -> new Source(null, n -> 0, null);
            case GeneratedKeys g -> new Source(null, n -> 0, null);
            // Refused only while the '?' key could be several shards: one shard's statement tells the columns,
            // each EXECUTE plans with its values (one shard runs it; several get the refusal then).
            case Reject r when r.accessDenied() -> new Source(null, null, new ErrPacket(r.code(), r.sqlState(), r.message()));
            case Reject r when r.untilBound() != null -> new Source(r.untilBound(), n -> n, null);
            // With '?' unknown the planner cannot route an INSERT by its key yet; EXECUTE will, with values.
            case Reject r when parameterCount > 0 && isWrite(sql) -> new Source(null, n -> 0, null);
            case Reject r -> new Source(null, null, new ErrPacket(r.code(), r.sqlState(), r.message()));
            // BEGIN, COMMIT, SET ... prepared (sysbench's ps mode does): no result columns; EXECUTE runs them.
            case SessionCommand c -> new Source(null, n -> 0, null);
            case Local l when NO_RESULT.contains(l.kind()) -> new Source(null, n -> 0, null);
            default -> new Source(null, null, MysqlError.UNSUPPORTED_PS.toPacket());
        };
    }

    private static boolean isWrite(String sql) {
        String head = sql.stripLeading().toUpperCase(Locale.ROOT);
        return head.startsWith("INSERT") || head.startsWith("REPLACE") || head.startsWith("UPDATE")
                || head.startsWith("DELETE");
    }

    /**
     * Writes the PREPARE answer; completes with the number of result columns announced.
     *
     * @param tableNames logical names for shard tables in the column definitions; null when none are needed
     */
    static CompletableFuture<Integer> answer(int clientId, int parameterCount, Source source,
                                             SessionBackends backends, Session session, ClientStream out,
                                             LogicalTableNames tableNames) {
        if (source.route() == null) {
            write(out, session, clientId, parameterCount, List.of());
            return CompletableFuture.completedFuture(0);
        }
        if (source.joined() != null) {
            return joinedColumns(source.joined(), backends, session).thenApply(columns -> {
                List<ColumnDefinition41> visible = columns.subList(0,
                        Math.min(columns.size(), source.visible().applyAsInt(columns.size())));
                if (tableNames != null) {
                    visible = visible.stream().map(tableNames::rename).toList();
                }
                write(out, session, clientId, parameterCount, visible);
                return visible.size();
            });
        }
        Route route = source.route();
        return backends.acquire(route.node(), route.primaryRequired()).thenCompose(connection -> {
            Collector collector = new Collector();
            connection.execute(CommandPacket.of(Command.STMT_PREPARE, route.sql(), session.charset()), collector);
            return collector.result.thenApply(columns -> {
                closeOnBackend(connection, collector.backendId);
                List<ColumnDefinition41> visible = columns.subList(0,
                        Math.min(columns.size(), source.visible().applyAsInt(columns.size())));
                if (source.setResult()) {
                    visible = visible.stream().map(ClientColumns::withoutTable).toList();
                } else if (tableNames != null) {
                    visible = visible.stream().map(tableNames::rename).toList();
                }
                write(out, session, clientId, parameterCount, visible);
                return visible.size();
            });
        });
    }

    /** The joined row's columns: each leaf's first statement prepared in turn, combined as the tree combines rows. */
    private static CompletableFuture<List<ColumnDefinition41>> joinedColumns(ReadPlan tree, SessionBackends backends,
                                                                           Session session) {
        java.util.Map<io.shardgate.router.plan.MergeShards, List<ColumnDefinition41>> byLeaf =
                new java.util.IdentityHashMap<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (io.shardgate.router.plan.MergeShards leaf : tree.leaves()) {
            Route route = leaf.routes().getFirst();
            chain = chain.thenCompose(x -> backends.acquire(route.node(), route.primaryRequired())
                    .thenCompose(connection -> {
                        Collector collector = new Collector();
                        connection.execute(CommandPacket.of(Command.STMT_PREPARE, route.sql(), session.charset()),
                                collector);
                        return collector.result.thenAccept(columns -> {
                            closeOnBackend(connection, collector.backendId);
                            byLeaf.put(leaf, columns);
                        });
                    }));
        }
        return chain.thenApply(x -> tree.shardColumns(byLeaf::get));
    }

    private static void closeOnBackend(BackendConnection connection, int backendId) {
        ByteBuf close = io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(5);
        close.writeByte(Command.STMT_CLOSE.code()).writeIntLE(backendId);
        SilentCommand.runWithoutResponse(connection, new MysqlPacket(0, close));
    }

    private static void write(ClientStream out, Session session, int clientId, int parameterCount,
                              List<ColumnDefinition41> columns) {
        var alloc = out.context().alloc();
        ByteBuf ok = alloc.buffer(12);
        new ComStmtPrepareOk(clientId, columns.size(), parameterCount, 0).encode(ok);
        out.write(ok);
        for (int i = 0; i < parameterCount; i++) {
            ByteBuf p = alloc.buffer(32);
            ColumnDefinition41.of("?", ColumnType.VAR_STRING, CharsetId.BINARY, 0, 0).encode(p);
            out.write(p);
        }
        if (parameterCount > 0 && !session.deprecateEof()) {
            eof(out, session);
        }
        for (ColumnDefinition41 c : columns) {
            ByteBuf b = alloc.buffer(64);
            c.encode(b);
            out.write(b);
        }
        if (!columns.isEmpty() && !session.deprecateEof()) {
            eof(out, session);
        }
        out.flush();
    }

    private static void eof(ClientStream out, Session session) {
        ByteBuf eof = out.context().alloc().buffer(5);
        new EofPacket(0, session.serverStatus()).encode(eof, session.capabilities());
        out.write(eof);
    }

    /** Prepares {@code sql} on {@code connection} without answering anyone; completes with the backend id. */
    static CompletableFuture<Integer> prepareOn(BackendConnection connection, String sql, Charset charset) {
        Collector collector = new Collector();
        connection.execute(CommandPacket.of(Command.STMT_PREPARE, sql, charset), collector);
        return collector.result.thenApply(columns -> collector.backendId);
    }

    /** Keeps a backend's PREPARE answer: its statement id and column definitions. */
    private static final class Collector implements ResponseHandler {
        final CompletableFuture<List<ColumnDefinition41>> result = new CompletableFuture<>();
        final List<ColumnDefinition41> columns = new ArrayList<>();
        int backendId;
        ErrPacket error;

        @Override
        public void onPacket(MysqlPacket packet, PacketKind kind) {
            try {
                switch (kind) {
                    case PREPARE_OK -> backendId = (int) ComStmtPrepareOk.decode(packet.payload()).statementId();
                    case COLUMN_DEFINITION -> columns.add(ColumnDefinition41.decode(packet.payload()));
                    case ERR -> error = ErrPacket.decode(packet.payload());
                    default -> { }
                }
            } finally {
                packet.release();
            }
        }

        @Override
        public void onComplete(int serverStatus) {
            if (error != null) {
                result.completeExceptionally(new ErrorResponse(error));
            } else {
                result.complete(columns);
            }
        }

        @Override
        public void onFailure(Throwable cause) {
            result.completeExceptionally(cause);
        }
    }
}
