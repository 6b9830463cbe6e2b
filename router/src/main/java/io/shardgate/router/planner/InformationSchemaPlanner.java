package io.shardgate.router.planner;

import io.shardgate.router.metadata.MetadataScope;
import io.shardgate.router.metadata.MetadataView;
import io.shardgate.router.metadata.TableNames;
import io.shardgate.router.plan.CatalogRead;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.Route;
import io.shardgate.router.sql.Literal;
import io.shardgate.router.sql.SqlTemplate;
import io.shardgate.router.sql.SqlTemplateBuilder;
import io.shardgate.router.topology.SchemaTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * Queries that read information_schema views naming tables ({@link MetadataView}: TABLES, COLUMNS,
 * STATISTICS, KEY_COLUMN_USAGE, TABLE_CONSTRAINTS, REFERENTIAL_CONSTRAINTS, PARTITIONS, SCHEMATA) become a
 * {@link CatalogRead}: each view reference is replaced by a derived table holding what one server would show
 * (the answering node's own rows without physical tables, plus the logical rows folded from every node's
 * metadata), and the query runs unchanged on it. So ORMs', drivers' and GUI tools' queries see each logical
 * table once, whatever their predicates ({@code =}, {@code LIKE}, {@code IN}, none, joins between views,
 * aggregates).
 *
 * <p>What is asked of the nodes is narrowed by the query's own top-level conditions on the view's schema and
 * table columns ({@code = ?}, {@code IN (...)}, {@code LIKE ?}, {@code = DATABASE()}) when it reads a single
 * view: a table matters when its logical name or any physical name passes them (so a physical name never
 * slips through), a schema when its name does. Rows of what does not matter stay as the answering node
 * shows them, and the same conditions drop them.
 */
final class InformationSchemaPlanner {

    private static final String INFORMATION_SCHEMA = "information_schema";

    private InformationSchemaPlanner() {
    }

    /** A condition on the view's schema or table column, values known at bind. */
    private record Condition(boolean onTable, Kind kind, List<Object> values, boolean currentSchema) {

        enum Kind { EQUALS, IN, LIKE }

        /** The predicate on names, or null when a value is not a bound string. */
        Predicate<String> predicate(List<Literal> literals, String sessionSchema) {
            List<String> strings = new ArrayList<>();
            if (currentSchema) {
                if (sessionSchema == null) {
                    return null;
                }
                strings.add(sessionSchema);
            }
            for (Object v : values) {
                Object value = v instanceof ValueRef ref ? (ref.unbound(literals) ? null : ref.value(literals)) : v;
                if (!(value instanceof String s)) {
                    return null;
                }
                strings.add(s);
            }
            return switch (kind) {
                case EQUALS, IN -> name -> strings.stream().anyMatch(name::equalsIgnoreCase);
                case LIKE -> name -> LikePattern.matches(strings.getFirst(), name);
            };
        }
    }

    /** The template, or null when the statement reads no such view (or mixes one with tables of a schema). */
    static PlanTemplate of(StatementTables tables, SqlTemplateBuilder builder, ShardCatalog catalog, String schema,
                           String node, Object statement) {
        List<StatementTables.Occurrence> views = new ArrayList<>();
        for (StatementTables.Occurrence o : tables.occurrences()) {
            if (!o.alias() && INFORMATION_SCHEMA.equalsIgnoreCase(o.schema()) && MetadataView.of(o.name()) != null) {
                views.add(o);
            } else if (o.catalog() != null) {
                return null;
            }
        }
        if (views.isEmpty() || views.stream().anyMatch(o -> !tables.hasPosition(o.table()))) {
            return null;
        }
        List<SchemaTopology> all = new ArrayList<>();
        catalog.schemaNames().stream().sorted().forEach(n -> catalog.schemaTopology(n).ifPresent(all::add));
        if (!new MetadataScope(node, all, null).changesAnything()) {
            return new PassThrough(node, true);
        }
        List<MetadataView> sources = new ArrayList<>();
        List<CatalogRead.Reference> references = new ArrayList<>();
        List<SqlTemplate> text = new ArrayList<>();
        int at = 0;
        for (StatementTables.Occurrence o : views) {
            MetadataView view = MetadataView.of(o.name());
            if (!sources.contains(view)) {
                sources.add(view);
            }
            int start = tables.start(o.table());
            // the name only: an alias after it stays in the text
            int end = o.end() < builder.shape().length() && builder.shape().charAt(o.end()) == '`' ? o.end() + 1 : o.end();
            text.add(builder.template(at, start, List.of()));
            references.add(new CatalogRead.Reference(sources.indexOf(view),
                    o.table().getAlias() == null ? o.name() : null));
            at = end;
        }
        text.add(builder.template(at, builder.shape().length(), List.of()));
        List<Condition> conditions = views.size() == 1 ? conditions(statement, views.getFirst(), tables, builder)
                : List.of();
        return new Template(node, all, List.copyOf(sources), List.copyOf(references), List.copyOf(text), conditions,
                new TableNames(all));
    }

    private record Template(String node, List<SchemaTopology> schemas, List<MetadataView> views,
                            List<CatalogRead.Reference> references, List<SqlTemplate> text,
                            List<Condition> conditions, TableNames names) implements PlanTemplate {

        @Override
        public Plan bind(BindContext context) {
            boolean primary = context.primaryForReads();
            Predicate<String> schemaFilter = null;
            Predicate<String> tableFilter = null;
            for (Condition c : conditions) {
                Predicate<String> p = c.predicate(context.literals(), context.session().schema());
                if (p == null) {
                    continue;
                }
                if (c.onTable()) {
                    tableFilter = tableFilter == null ? p : tableFilter.and(p);
                } else {
                    schemaFilter = schemaFilter == null ? p : schemaFilter.and(p);
                }
            }
            Predicate<String> schemaIs = schemaFilter;
            List<SchemaTopology> seen = schemaIs == null ? schemas
                    : schemas.stream().filter(s -> schemaIs.test(s.name())).toList();
            MetadataScope scope = new MetadataScope(node, seen, tableFilter);
            Route asWritten = new Route(node, context.original(), primary);
            if (!scope.changesAnything()) {
                return asWritten;
            }
            List<CatalogRead.Source> sources = new ArrayList<>();
            for (MetadataView view : views) {
                List<Route> gathers = scope.gathers(view).stream()
                        .map(g -> new Route(g.node(), g.sql(), primary)).toList();
                sources.add(new CatalogRead.Source(view, scope.ownRows(view), gathers));
            }
            ShardBinder binder = new ShardBinder(context.literals(), List.of(), new ShardBinder.Hook[0], null);
            return new CatalogRead(asWritten, text.stream().map(t -> t.render(binder)).toList(), references, sources,
                    names);
        }
    }

    /**
     * The top-level AND-ed conditions on the view's schema and table columns, from the WHERE of the select
     * reading the view: the statement itself, or a select in its FROM (SHOW TABLE STATUS's rewrite).
     */
    private static List<Condition> conditions(Object statement, StatementTables.Occurrence view,
                                              StatementTables tables, SqlTemplateBuilder builder) {
        PlainSelect reading = null;
        if (statement instanceof PlainSelect ps && ps.getJoins() == null) {
            if (ps.getFromItem() == view.table()) {
                reading = ps;
            } else if (ps.getFromItem() instanceof ParenthesedSelect sub && sub.getSelect() instanceof PlainSelect inner
                    && inner.getJoins() == null && inner.getFromItem() == view.table()) {
                reading = inner;
            }
        }
        if (reading == null || reading.getWhere() == null) {
            return List.of();
        }
        MetadataView metadataView = MetadataView.of(view.name());
        List<Condition> out = new ArrayList<>();
        collect(reading.getWhere(), metadataView, view.table(), new KeyConditions(tables, builder), out);
        return List.copyOf(out);
    }

    private static void collect(Expression e, MetadataView view, Table table, KeyConditions values,
                                List<Condition> out) {
        if (e instanceof AndExpression and) {
            collect(and.getLeftExpression(), view, table, values, out);
            collect(and.getRightExpression(), view, table, values, out);
            return;
        }
        if (e instanceof EqualsTo eq) {
            Expression left = eq.getLeftExpression();
            Expression right = eq.getRightExpression();
            if (!(left instanceof Column)) {
                Expression swap = left;
                left = right;
                right = swap;
            }
            Boolean onTable = column(left, view, table);
            if (onTable == null) {
                return;
            }
            if (!onTable && right instanceof Function f && f.getParameters() == null
                    && ("DATABASE".equalsIgnoreCase(f.getName()) || "SCHEMA".equalsIgnoreCase(f.getName()))) {
                out.add(new Condition(false, Condition.Kind.EQUALS, List.of(), true));
                return;
            }
            Object value = value(right, values);
            if (value != null) {
                out.add(new Condition(onTable, Condition.Kind.EQUALS, List.of(value), false));
            }
        } else if (e instanceof InExpression in && !in.isNot() && in.getRightExpression() instanceof ExpressionList<?> list) {
            Boolean onTable = column(in.getLeftExpression(), view, table);
            if (onTable == null) {
                return;
            }
            List<Object> items = new ArrayList<>();
            for (Object item : list) {
                Object value = item instanceof Expression x ? value(x, values) : null;
                if (value == null) {
                    return;
                }
                items.add(value);
            }
            out.add(new Condition(onTable, Condition.Kind.IN, List.copyOf(items), false));
        } else if (e instanceof LikeExpression like && !like.isNot() && like.getEscape() == null
                && like.getLikeKeyWord() == LikeExpression.KeyWord.LIKE) {
            Boolean onTable = column(like.getLeftExpression(), view, table);
            Object value = onTable == null ? null : value(like.getRightExpression(), values);
            if (value != null) {
                out.add(new Condition(onTable, Condition.Kind.LIKE, List.of(value), false));
            }
        }
    }

    /** True for the view's table column, false for its schema column, null for anything else. */
    private static Boolean column(Expression e, MetadataView view, Table table) {
        if (!(e instanceof Column c)) {
            return null;
        }
        if (c.getTable() != null && c.getTable().getName() != null) {
            String q = StatementTables.unquote(c.getTable().getName());
            String alias = table.getAlias() == null ? null : StatementTables.unquote(table.getAlias().getName());
            if (!q.equalsIgnoreCase(alias != null ? alias : StatementTables.unquote(table.getName()))) {
                return null;
            }
        }
        String name = StatementTables.unquote(c.getColumnName()).toUpperCase(Locale.ROOT);
        if (view.tableColumn() != null && name.equals(view.tableColumn())) {
            return true;
        }
        return name.equals(view.schemaColumn()) ? false : null;
    }

    /** A slot's reference or a string literal written in the shape (a rewritten SHOW); null for anything else. */
    private static Object value(Expression e, KeyConditions values) {
        if (e instanceof StringValue s) {
            return s.getValue();
        }
        ValueRef ref = values.valueRef(e);
        return ref == null || ref.negate() ? null : ref;
    }
}
