package io.shardgate.router.planner;

import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.RenameTable;
import io.shardgate.router.plan.Route;
import io.shardgate.router.sql.Literal;
import io.shardgate.router.sql.SqlMode;
import io.shardgate.router.sql.SqlTemplate;
import io.shardgate.router.sql.SqlTemplateBuilder;
import io.shardgate.router.topology.ShardLocation;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * The existence probes ORMs and migration tools send, {@code SELECT ... FROM information_schema.TABLES
 * WHERE table_schema = 'shop' AND table_name = 'orders'} (also COLUMNS, STATISTICS, KEY_COLUMN_USAGE):
 * for a logical sharded table the probe asks about its first physical table on that table's node, and the
 * answer is renamed back, so the tool sees the logical table exactly as one server would show it. Any other
 * information_schema query runs on the default node as written and shows physical tables.
 *
 * <p>{@code table_name LIKE 'order_items'} is a probe too: drivers pass a table name as a LIKE pattern, and
 * Connector/J ({@code useInformationSchema=true}) writes {@code LIKE} whenever the name has a {@code _}. A pattern
 * without {@code %} that matches exactly one logical sharded table becomes {@code (table_name LIKE 'order_items'
 * OR table_name = 'order_items_0000')} on that table's node, renamed back: unsharded tables the pattern matches
 * still answer, and no other shard's physical table can (they are longer than the pattern). Patterns with
 * {@code %} or matching several logical tables run as written.
 *
 * @param node the default node, for probes about other tables
 * @param tableSlot the literal of {@code table_name = ?} or {@code table_name LIKE ?}
 * @param schemaSlot the literal of {@code table_schema = ?}, or -1 ({@code DATABASE()} or absent: the
 *     session schema)
 * @param like whether {@code tableSlot} is a LIKE pattern; {@code sql} then keeps it and adds the physical name
 */
record InformationSchemaProbe(ShardCatalog catalog, String schema, String node, int tableSlot, int schemaSlot,
                              boolean like, SqlTemplate sql) implements PlanTemplate {

    private static final Set<String> PROBED = Set.of("TABLES", "COLUMNS", "STATISTICS", "KEY_COLUMN_USAGE");
    private static final int TABLE_NAME_HOOK = 0;

    /** The probe template, or null when the statement is not a probe by table name. */
    static PlanTemplate of(PlainSelect ps, StatementTables tables, SqlTemplateBuilder builder, ShardCatalog catalog,
                           String schema, String node) {
        boolean probed = tables.occurrences().stream().anyMatch(o -> "information_schema".equalsIgnoreCase(o.schema())
                && PROBED.contains(o.name().toUpperCase(Locale.ROOT)));
        if (!probed || ps.getWhere() == null) {
            return null;
        }
        int[] slots = {-1, -1};
        boolean[] databaseFunction = {false};
        Column[] likeColumn = {null};
        conjuncts(ps.getWhere(), tables, builder, slots, databaseFunction, likeColumn);
        if (slots[0] < 0 || slots[1] < 0 && !databaseFunction[0] && conjunctNamesSchema(ps.getWhere())) {
            return null;
        }
        int at = builder.slotOffset(slots[0]);
        if (likeColumn[0] != null) {
            if (!tables.hasPosition(likeColumn[0])) {
                return null;
            }
            int start = tables.start(likeColumn[0]);
            String column = builder.shape().substring(start, tables.end(likeColumn[0]));
            SqlTemplate sql = builder.template(List.of(SqlTemplateBuilder.Edit.insert(start, "("),
                    SqlTemplateBuilder.Edit.insert(at + 1, List.of(new SqlTemplate.Text(" OR " + column + " = "),
                            new SqlTemplate.Hook(TABLE_NAME_HOOK), new SqlTemplate.Text(")")))));
            return new InformationSchemaProbe(catalog, schema, node, slots[0], slots[1], true, sql);
        }
        SqlTemplate sql = builder.template(List.of(SqlTemplateBuilder.Edit.replace(at, at + 1,
                new SqlTemplate.Hook(TABLE_NAME_HOOK))));
        return new InformationSchemaProbe(catalog, schema, node, slots[0], slots[1], false, sql);
    }

    /**
     * Finds {@code table_name = ?} or {@code table_name LIKE ?} (slots[0]; likeColumn[0] the column of a LIKE)
     * and {@code table_schema = ?} (slots[1]) among AND-ed conditions.
     */
    private static void conjuncts(Expression e, StatementTables tables, SqlTemplateBuilder builder, int[] slots,
                                  boolean[] databaseFunction, Column[] likeColumn) {
        if (e instanceof AndExpression and) {
            conjuncts(and.getLeftExpression(), tables, builder, slots, databaseFunction, likeColumn);
            conjuncts(and.getRightExpression(), tables, builder, slots, databaseFunction, likeColumn);
            return;
        }
        if (e instanceof LikeExpression like && !like.isNot() && like.getEscape() == null
                && like.getLikeKeyWord() == LikeExpression.KeyWord.LIKE && like.getLeftExpression() instanceof Column c
                && StatementTables.unquote(c.getColumnName()).equalsIgnoreCase("table_name")) {
            ValueRef value = new KeyConditions(tables, builder).valueRef(like.getRightExpression());
            if (value != null && !value.negate() && slots[0] < 0) {
                slots[0] = value.slot();
                likeColumn[0] = c;
            }
            return;
        }
        if (!(e instanceof EqualsTo eq)) {
            return;
        }
        Expression left = eq.getLeftExpression();
        Expression right = eq.getRightExpression();
        if (!(left instanceof Column)) {
            Expression swap = left;
            left = right;
            right = swap;
        }
        if (!(left instanceof Column c)) {
            return;
        }
        String column = StatementTables.unquote(c.getColumnName()).toLowerCase(Locale.ROOT);
        ValueRef value = new KeyConditions(tables, builder).valueRef(right);
        if (column.equals("table_name") && value != null && !value.negate()) {
            slots[0] = value.slot();
            likeColumn[0] = null;
        } else if (column.equals("table_schema") && value != null && !value.negate()) {
            slots[1] = value.slot();
        } else if (column.equals("table_schema") && right instanceof Function f
                && ("DATABASE".equalsIgnoreCase(f.getName()) || "SCHEMA".equalsIgnoreCase(f.getName()))) {
            databaseFunction[0] = true;
        }
    }

    /**
     * The one logical sharded table a {@code %}-free LIKE pattern matches in {@code schema}, or null (none,
     * several, or a pattern that could match shards' physical names too).
     */
    private CatalogTable onlyMatch(String schema, String pattern) {
        if (pattern.indexOf('%') >= 0) {
            return null;
        }
        CatalogTable match = null;
        for (CatalogTable t : catalog.tables(schema)) {
            if (!t.broadcast() && LikePattern.matches(pattern, t.name())) {
                if (match != null) {
                    return null;
                }
                match = t;
            }
        }
        return match;
    }

    /** A table_schema condition that is neither a literal nor DATABASE(): the schema is unknown. */
    private static boolean conjunctNamesSchema(Expression where) {
        return where.toString().toLowerCase(Locale.ROOT).contains("table_schema");
    }

    @Override
    public Plan bind(BindContext context) {
        List<Literal> literals = context.literals();
        Object table = literals.get(tableSlot).value();
        Object probedSchema = schemaSlot < 0 ? schema : literals.get(schemaSlot).value();
        CatalogTable logical = !(table instanceof String t && probedSchema instanceof String s) ? null
                : like ? onlyMatch(s, t) : catalog.table(s, t);
        boolean primary = context.primaryForReads();
        ShardBinder binder = new ShardBinder(literals, List.of(), new ShardBinder.Hook[] {(out, b) -> out.append(
                logical == null || logical.broadcast() ? literals.get(tableSlot).text()
                        : SqlMode.quoteAnyMode(logical.topology().location(0).physicalTable()))}, null);
        if (like && (logical == null || logical.broadcast())) {
            return new Route(node, context.original(), primary);
        }
        if (logical == null) {
            return new Route(node, context.original(), primary);
        }
        ShardLocation first = logical.topology().location(0);
        Route route = new Route(first.node(), sql.render(binder), primary);
        return logical.broadcast() ? route : new RenameTable(route, first.physicalTable(), logical.name(), List.of());
    }
}
