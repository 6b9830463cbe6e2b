package io.shardgate.router.planner;

import io.shardgate.router.plan.Broadcast;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.Route;
import io.shardgate.router.sql.ShapeTokens;
import io.shardgate.router.sql.SqlTemplate;
import io.shardgate.router.sql.SqlTemplateBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * {@code INSERT ... SELECT} whose rows never leave their shard: the target and the one table the SELECT reads
 * are sharded in one binding group (they share the shard index), the SELECT gives the target's shard key the
 * source's shard key unchanged, and every row it returns comes from one source row (no GROUP BY, DISTINCT,
 * aggregate, window, LIMIT, subquery or join). Each shard then runs the whole statement on its own physical
 * tables, {@code INSERT INTO order_items_0001 (...) SELECT ... FROM orders_0001 ...}: no row travels through the
 * proxy, and the shards' writes run as one ({@link Broadcast}: one transaction over them under autocommit).
 * The SELECT's WHERE clause does not prune here: every shard runs it (a shard without matching rows writes none).
 */
final class ColocatedInsertSelect {

    private ColocatedInsertSelect() {
    }

    /** Words that make a row of the SELECT depend on several source rows. */
    private static final Set<String> MANY_ROWS = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "GROUP_CONCAT",
            "BIT_AND", "BIT_OR", "BIT_XOR", "STD", "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP",
            "VAR_SAMP", "JSON_ARRAYAGG", "JSON_OBJECTAGG", "OVER", "DISTINCT", "DISTINCTROW", "GROUP", "HAVING",
            "LIMIT", "UNION", "INTERSECT", "EXCEPT", "WINDOW", "SELECT", "JOIN", "ROWNUM", "LAST_INSERT_ID", "RAND",
            "UUID", "UUID_SHORT", "NEXTVAL", "NEXT", "SQL_CALC_FOUND_ROWS", "INTO");

    /**
     * The per-shard template, or null when the statement does not qualify.
     *
     * @param columns the INSERT's column list (names as written)
     */
    static PlanTemplate compile(ShapeTokens tokens, StatementTables tables, CatalogTable target, List<Column> columns,
                                Select select, int selectStart, int selectEnd) {
        if (target == null || target.broadcast() || target.lookup() || target.generatedColumn() != null
                || columns == null || !(select instanceof PlainSelect ps) || ps.getFromItem() == null
                || ps.getJoins() != null && !ps.getJoins().isEmpty()) {
            return null;
        }
        StatementTables.Occurrence source = null;
        for (StatementTables.Occurrence o : tables.occurrences()) {
            if (o.catalog() == target && o.start() < selectStart) {
                continue; // the target
            }
            if (source != null || !o.sharded() || !o.catalog().group().equals(target.group())) {
                return null;
            }
            source = o;
        }
        if (source == null || tables.sharded().size() > 2) {
            return null;
        }
        // one row from one row: nothing in the SELECT after its first word combines rows
        for (ShapeTokens.Token t : tokens.list()) {
            if (t.start() > selectStart && t.start() < selectEnd && t.kind() == ShapeTokens.Kind.WORD
                    && MANY_ROWS.contains(t.text().toUpperCase(Locale.ROOT))) {
                return null;
            }
        }
        int key = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (target.isShardKey(StatementTables.unquote(columns.get(i).getColumnName()))) {
                key = i;
            }
        }
        List<SelectItem<?>> items = ps.getSelectItems();
        if (key < 0 || items.size() != columns.size() || !isSourceKey(items.get(key).getExpression(), source)) {
            return null;
        }
        SqlTemplateBuilder builder = new SqlTemplateBuilder(tokens.shape());
        tables.registerTableHoles(builder);
        return new Template(List.copyOf(tables.sharded()), builder.template(List.of()));
    }

    /** {@code user_id}, {@code o.user_id} or {@code orders.user_id}: the source's shard key, unchanged. */
    private static boolean isSourceKey(Expression e, StatementTables.Occurrence source) {
        if (!(e instanceof Column c) || !source.catalog().isShardKey(StatementTables.unquote(c.getColumnName()))) {
            return false;
        }
        if (c.getTable() == null || c.getTable().getName() == null) {
            return true;
        }
        String q = StatementTables.unquote(c.getTable().getName());
        return q.equalsIgnoreCase(source.name()) || source.table().getAlias() != null
                && q.equalsIgnoreCase(StatementTables.unquote(source.table().getAlias().getName()));
    }

    /** The statement on every shard, its table names those of the shard. */
    private record Template(List<CatalogTable> tables, SqlTemplate sql) implements PlanTemplate {

        @Override
        public Plan bind(BindContext context) {
            List<Route> routes = new ArrayList<>();
            for (int shard = 0; shard < tables.getFirst().topology().shardCount(); shard++) {
                ShardBinder binder = new ShardBinder(context.literals(), tables, new ShardBinder.Hook[0], null).at(shard);
                routes.add(new Route(binder.node(), sql.render(binder), true));
            }
            return new Broadcast(routes);
        }
    }
}
