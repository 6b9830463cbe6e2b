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
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * The existence probes ORMs and migration tools send, {@code SELECT ... FROM information_schema.TABLES
 * WHERE table_schema = 'shop' AND table_name = 'orders'} (also COLUMNS, STATISTICS, KEY_COLUMN_USAGE):
 * for a logical sharded table the probe asks about its first physical table on that table's node, and the
 * answer is renamed back, so the tool sees the logical table exactly as one server would show it. Any other
 * information_schema query runs on the default node as written and shows physical tables.
 *
 * @param node the default node, for probes about other tables
 * @param tableSlot the literal of {@code table_name = ?}
 * @param schemaSlot the literal of {@code table_schema = ?}, or -1 ({@code DATABASE()} or absent: the
 *     session schema)
 */
record InformationSchemaProbe(ShardCatalog catalog, String schema, String node, int tableSlot, int schemaSlot,
                              SqlTemplate sql) implements PlanTemplate {

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
        conjuncts(ps.getWhere(), tables, builder, slots, databaseFunction);
        if (slots[0] < 0 || slots[1] < 0 && !databaseFunction[0] && conjunctNamesSchema(ps.getWhere())) {
            return null;
        }
        int at = builder.slotOffset(slots[0]);
        SqlTemplate sql = builder.template(List.of(SqlTemplateBuilder.Edit.replace(at, at + 1,
                new SqlTemplate.Hook(TABLE_NAME_HOOK))));
        return new InformationSchemaProbe(catalog, schema, node, slots[0], slots[1], sql);
    }

    /** Finds {@code table_name = ?} (slots[0]) and {@code table_schema = ?} (slots[1]) among AND-ed conditions. */
    private static void conjuncts(Expression e, StatementTables tables, SqlTemplateBuilder builder, int[] slots,
                                  boolean[] databaseFunction) {
        if (e instanceof AndExpression and) {
            conjuncts(and.getLeftExpression(), tables, builder, slots, databaseFunction);
            conjuncts(and.getRightExpression(), tables, builder, slots, databaseFunction);
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
        } else if (column.equals("table_schema") && value != null && !value.negate()) {
            slots[1] = value.slot();
        } else if (column.equals("table_schema") && right instanceof Function f
                && ("DATABASE".equalsIgnoreCase(f.getName()) || "SCHEMA".equalsIgnoreCase(f.getName()))) {
            databaseFunction[0] = true;
        }
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
        CatalogTable logical = table instanceof String t && probedSchema instanceof String s ? catalog.table(s, t) : null;
        boolean primary = context.primaryForReads();
        ShardBinder binder = new ShardBinder(literals, List.of(), new ShardBinder.Hook[] {(out, b) -> out.append(
                logical == null || logical.broadcast() ? literals.get(tableSlot).text()
                        : SqlMode.quoteAnyMode(logical.topology().location(0).physicalTable()))}, null);
        if (logical == null) {
            return new Route(node, context.original(), primary);
        }
        ShardLocation first = logical.topology().location(0);
        Route route = new Route(first.node(), sql.render(binder), primary);
        return logical.broadcast() ? route : new RenameTable(route, first.physicalTable(), logical.name(), List.of());
    }
}
