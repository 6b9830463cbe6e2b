package io.shardgate.proxy.execute;

import io.shardgate.config.ProxySettings;
import io.shardgate.proxy.protocol.CharsetId;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ColumnFlags;
import io.shardgate.proxy.protocol.ColumnType;
import io.shardgate.proxy.session.MaxExecutionTime;
import io.shardgate.proxy.session.Session;
import io.shardgate.proxy.session.StatementCounts;
import io.shardgate.router.plan.Local;
import io.shardgate.router.plan.Route;
import io.shardgate.router.sql.SqlMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Selects of system variables and functions ({@code SELECT @@version, DATABASE(), LAST_INSERT_ID()}). */
final class SystemSelect {

    private final Session session;
    private final ExecutionContext backends;
    private final Supplier<String> defaultNode;
    private final Supplier<ProxySettings> proxySettings;
    private final AnnouncedVersion announced;
    private final RouteForwarding runner;

    SystemSelect(ExecutionContext context, Supplier<String> defaultNode, Supplier<ProxySettings> proxySettings,
                 AnnouncedVersion announced, RouteForwarding runner) {
        this.session = context.session();
        this.backends = context;
        this.defaultNode = defaultNode;
        this.proxySettings = proxySettings;
        this.announced = announced;
        this.runner = runner;
    }

    /**
     * {@code SELECT @@var, DATABASE() ...}: the proxy answers what it owns (its version, the session's schema,
     * user, connection id, last insert id, ROW_COUNT() of a statement it spread over shards); anything else is
     * asked of the default node in one statement, with the proxy's values inlined as literals and MySQL 8
     * variable names translated for MariaDB. ROW_COUNT() and FOUND_ROWS() alone are asked of the connection
     * that ran the previous statement ({@link io.shardgate.proxy.session.StatementCounts}).
     */
    void answer(List<Local.SystemItem> items, StatementOutput output) {
        List<String> values = new ArrayList<>();
        boolean allLocal = true;
        for (Local.SystemItem item : items) {
            String v = proxyValue(item);
            values.add(v);
            allLocal &= v != null || isNullByDesign(item);
        }
        if (allLocal) {
            List<ColumnDefinition41> columns = new ArrayList<>();
            for (Local.SystemItem item : items) {
                columns.add(isNumeric(item)
                        ? ColumnDefinition41.of(item.label(),
                                ColumnType.LONGLONG, CharsetId.BINARY,
                                21, (isRowCount(item) ? 0 : ColumnFlags.UNSIGNED)
                                        | ColumnFlags.BINARY
                                        | ColumnFlags.NOT_NULL)
                        : LocalResult.of(List.of(item.label()), List.of()).columns().get(0));
            }
            session.counts().counted(-1);
            session.counts().returned(1);
            output.result(new LocalResult(columns, List.of(values)));
            return;
        }
        // ROW_COUNT() and FOUND_ROWS() describe the previous statement: asked of the connection that ran it
        boolean describesPrevious = true;
        for (int i = 0; i < items.size(); i++) {
            describesPrevious &= values.get(i) != null || isNullByDesign(items.get(i)) || describesStatement(items.get(i));
        }
        // LAST_INSERT_ID() is the connection's that last generated an id (an INSERT on a shard of another node)
        boolean askLastInsertNode = !describesPrevious && session.lastInsertNode() != null;
        for (int i = 0; i < items.size(); i++) {
            Local.SystemItem item = items.get(i);
            askLastInsertNode &= values.get(i) != null || isNullByDesign(item) || isLastInsertId(item);
        }
        var counts = session.counts();
        String node = describesPrevious && counts.previousNode() != null ? counts.previousNode()
                : askLastInsertNode ? session.lastInsertNode() : defaultNode.get();
        boolean primary = askLastInsertNode
                || describesPrevious && (counts.previousNode() == null || counts.previousPrimary());
        backends.acquire(node, primary).whenComplete((connection, failure) -> {
            if (failure != null) {
                output.error(ErrorSink.toErr(failure));
                return;
            }
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int i = 0; i < items.size(); i++) {
                Local.SystemItem item = items.get(i);
                if (i > 0) {
                    sql.append(", ");
                }
                String v = values.get(i);
                if (v != null && isRowCount(item)) {
                    // a bare literal (or MariaDB's CAST of one) is an INT column; the function's type is BIGINT
                    sql.append("IFNULL(").append(v).append(", ROW_COUNT())");
                } else if (v != null && isNumeric(item)) {
                    sql.append(v);
                } else if (v != null || isNullByDesign(item)) {
                    sql.append(v == null ? "NULL" : session.sqlMode().quote(v));
                } else if (item.variable()) {
                    sql.append("@@").append(item.scope() == null ? "" : item.scope() + ".")
                            .append(BackendDialect.variableName(item.name(), connection.serverVersion()));
                } else {
                    sql.append(item.name()).append("()");
                }
                sql.append(" AS ").append(SqlMode.quoteIdentifier(item.label()));
            }
            runner.forward(new Route(node, sql.toString(), primary), null, output);
        });
    }

    private static boolean isNumeric(Local.SystemItem item) {
        return item.variable() ? isLastInsertIdVariable(item) || isMaxExecutionTime(item)
                : item.name().equals("CONNECTION_ID") || item.name().equals("LAST_INSERT_ID") || isRowCount(item);
    }

    private static boolean isRowCount(Local.SystemItem item) {
        return !item.variable() && item.name().equals("ROW_COUNT");
    }

    private static boolean isLastInsertId(Local.SystemItem item) {
        return !item.variable() && item.name().equals("LAST_INSERT_ID") || isLastInsertIdVariable(item);
    }

    private static boolean describesStatement(Local.SystemItem item) {
        return isRowCount(item) || !item.variable() && item.name().equals("FOUND_ROWS");
    }

    private static boolean isMaxExecutionTime(Local.SystemItem item) {
        return item.name().equalsIgnoreCase(MaxExecutionTime.NAME);
    }

    /** {@code @@identity} and {@code @@last_insert_id}: session variables that are LAST_INSERT_ID(). */
    private static boolean isLastInsertIdVariable(Local.SystemItem item) {
        return (item.name().equals("identity") || item.name().equals("last_insert_id"))
                && (item.scope() == null || item.scope().equals("session"));
    }

    private boolean isNullByDesign(Local.SystemItem item) {
        return !item.variable() && (item.name().equals("DATABASE") || item.name().equals("SCHEMA"))
                && session.schema() == null;
    }

    private String proxyValue(Local.SystemItem item) {
        if (item.variable()) {
            if (isLastInsertIdVariable(item)) {
                return lastInsertId();
            }
            if (isMaxExecutionTime(item)) {
                java.time.Duration configured = proxySettings.get().statementTimeout();
                boolean global = "global".equalsIgnoreCase(item.scope());
                return Long.toString((global ? configured : session.statementTimeout(configured)).toMillis());
            }
            return announced.variable(item.name());
        }
        return switch (item.name()) {
            case "DATABASE", "SCHEMA" -> session.schema();
            case "USER", "SESSION_USER", "SYSTEM_USER", "CURRENT_USER" -> session.user() + "@" + session.remoteHost();
            case "CONNECTION_ID" -> Long.toString(session.connectionId());
            case "VERSION" -> announced.version();
            case "LAST_INSERT_ID" -> lastInsertId();
            case "ROW_COUNT" -> session.counts().previousRowCount() == StatementCounts.UNKNOWN ? null
                    : Long.toString(session.counts().previousRowCount());
            case "FOUND_ROWS" -> session.counts().previousFoundRows() == StatementCounts.UNKNOWN ? null
                    : Long.toString(session.counts().previousFoundRows());
            default -> null;
        };
    }

    /**
     * Only the proxy knows ids it generated, and the last id the session's inserts got once its connections go
     * back to the pool between statements; otherwise the backend connection's own value is right (null).
     */
    private String lastInsertId() {
        return session.generatedKeys() || backends.sharesConnections() ? Long.toString(session.lastInsertId()) : null;
    }
}
