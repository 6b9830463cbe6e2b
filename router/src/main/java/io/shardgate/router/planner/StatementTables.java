package io.shardgate.router.planner;

import io.shardgate.router.sql.Positions;
import io.shardgate.router.sql.ShapeParser;
import io.shardgate.router.sql.ShapeTokens;
import io.shardgate.router.sql.SqlTemplateBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.parser.CCJSqlParserTreeConstants;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Every table a parsed statement names, resolved against the catalog, with the shape ranges to rewrite:
 * each table name and each column qualifier that names a sharded table becomes a table hole of the
 * template, so {@code orders} and {@code orders.id} both render {@code orders_0003} on shard 3.
 *
 * <p>Also the parser-node index (object -> node) that the compilers use to find any expression's range.
 */
final class StatementTables {

    /** One table name in the statement. */
    record Occurrence(Table table, int start, int end, String schema, String name, CatalogTable catalog,
                      boolean alias, int depth) {

        boolean sharded() {
            return catalog != null && !catalog.broadcast();
        }

        boolean broadcast() {
            return catalog != null && catalog.broadcast();
        }
    }

    private final ShapeParser.Parsed parsed;
    private final ShapeTokens tokens;
    private final Map<Object, SimpleNode> nodes = new IdentityHashMap<>();
    private final List<Occurrence> occurrences = new ArrayList<>();
    private final Map<String, Occurrence> aliases = new HashMap<>();
    private final Set<String> derivedAliases = new LinkedHashSet<>();
    private final List<CatalogTable> sharded = new ArrayList<>();
    private final List<Column> qualifiedColumns = new ArrayList<>();
    /** Derived tables ({@code FROM (SELECT ...) t}) and WITH bodies, by identity. */
    private final Set<Object> derived = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    private StatementTables(ShapeParser.Parsed parsed, ShapeTokens tokens) {
        this.parsed = parsed;
        this.tokens = tokens;
    }

    static StatementTables collect(ShapeParser.Parsed parsed, ShapeTokens tokens, String schema,
                                   ShardCatalog catalog) {
        StatementTables t = new StatementTables(parsed, tokens);
        List<Object[]> tables = new ArrayList<>();
        t.walk(parsed.root(), 0, tables);
        if (parsed.statement() instanceof Select s && s.getWithItemsList() != null) {
            for (WithItem<?> w : s.getWithItemsList()) { // WITH bodies: derived tables named up front
                if (w.getAlias() != null) {
                    t.derivedAliases.add(unquote(w.getAlias().getName()).toLowerCase(Locale.ROOT));
                }
                if (w.getSelect() != null) {
                    t.derived.add(w.getSelect());
                    if (w.getSelect() instanceof net.sf.jsqlparser.statement.select.ParenthesedSelect p) {
                        t.derived.add(p.getSelect());
                    }
                }
            }
        }
        for (Object[] entry : tables) {
            t.resolve((Table) entry[0], (SimpleNode) entry[1], (Integer) entry[2], schema, catalog);
        }
        return t;
    }

    private void walk(SimpleNode node, int depth, List<Object[]> tables) {
        Object value = node.jjtGetValue();
        int inner = depth;
        if (value != null) {
            nodes.putIfAbsent(value, node);
            if (value instanceof Select s && !(s instanceof Values) && s != parsed.statement()) {
                inner = depth + 1;
            }
            if (value instanceof FromItem f && f.getAlias() != null && !(value instanceof Table)) {
                derivedAliases.add(unquote(f.getAlias().getName()).toLowerCase(Locale.ROOT));
                if (value instanceof Select derivedTable) {
                    derived.add(derivedTable);
                }
            }
            if (node.getId() == CCJSqlParserTreeConstants.JJTTABLENAME && value instanceof Table table) {
                tables.add(new Object[] {table, node, depth});
            } else if (node.getId() == CCJSqlParserTreeConstants.JJTCOLUMN && value instanceof Column c
                    && c.getTable() != null && c.getTable().getName() != null) {
                qualifiedColumns.add(c);
            }
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            walk((SimpleNode) node.jjtGetChild(i), inner, tables);
        }
    }

    private void resolve(Table table, SimpleNode node, int depth, String sessionSchema, ShardCatalog catalog) {
        Positions pos = parsed.positions();
        int[] range = lastIdentifier(pos.start(node), pos.end(node));
        String name = unquote(table.getName());
        String explicitSchema = table.getSchemaName() == null ? null : unquote(table.getSchemaName());
        if (explicitSchema == null && table.getName().equalsIgnoreCase("DUAL")) {
            return; // MySQL's dummy table: no table at all (a table cannot be named DUAL unquoted)
        }
        Occurrence occ;
        if (explicitSchema == null && table.getAlias() == null && isAliasName(name)) {
            occ = new Occurrence(table, range[0], range[1], null, name, null, true, depth);
        } else {
            String schema = explicitSchema != null ? explicitSchema : sessionSchema;
            occ = new Occurrence(table, range[0], range[1], schema, name, catalog.table(schema, name), false, depth);
            if (table.getAlias() != null) {
                aliases.put(unquote(table.getAlias().getName()).toLowerCase(Locale.ROOT), occ);
            }
            if (occ.sharded() && sharded.stream().noneMatch(c -> c == occ.catalog())) {
                sharded.add(occ.catalog());
            }
        }
        occurrences.add(occ);
    }

    private boolean isAliasName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (derivedAliases.contains(lower)) {
            return true;
        }
        // an alias declared anywhere in the statement (DELETE o FROM orders o)
        for (SimpleNode n : nodes.values()) {
            if (n.jjtGetValue() instanceof Table t && t.getAlias() != null
                    && unquote(t.getAlias().getName()).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Shape range of the last identifier in [from, to): a table name's own part, inside backticks. */
    private int[] lastIdentifier(int from, int to) {
        int[] result = null;
        for (ShapeTokens.Token t : tokens.list()) {
            if (t.start() >= from && t.end() <= to && t.isIdentifier()) {
                result = t.kind() == ShapeTokens.Kind.QUOTED
                        ? new int[] {t.start() + 1, t.end() - 1} : new int[] {t.start(), t.end()};
            }
        }
        if (result == null) {
            throw new IllegalStateException("no identifier in " + tokens.shape().substring(from, to));
        }
        return result;
    }

    /**
     * Registers the table holes with {@code builder}: every name of a sharded table, and every column
     * qualifier naming one ({@code orders.id}, {@code shop.orders.id}). Broadcast tables keep their names.
     */
    void registerTableHoles(SqlTemplateBuilder builder) {
        for (Occurrence o : occurrences) {
            if (o.sharded()) {
                builder.table(o.start(), o.end(), refOf(o.catalog()));
            }
        }
        for (Column c : qualifiedColumns) {
            SimpleNode node = nodes.get(c);
            if (node == null) {
                continue;
            }
            List<ShapeTokens.Token> parts = new ArrayList<>();
            int from = parsed.positions().start(node);
            int to = parsed.positions().end(node);
            for (ShapeTokens.Token t : tokens.list()) {
                if (t.start() >= from && t.end() <= to && t.isIdentifier()) {
                    parts.add(t);
                }
            }
            if (parts.size() < 2) {
                continue;
            }
            ShapeTokens.Token qualifier = parts.get(parts.size() - 2);
            String name = qualifier.identifier();
            if (aliases.containsKey(name.toLowerCase(Locale.ROOT)) || derivedAliases.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (Occurrence o : occurrences) {
                if (o.sharded() && o.table().getAlias() == null && o.name().equalsIgnoreCase(name)) {
                    boolean quoted = qualifier.kind() == ShapeTokens.Kind.QUOTED;
                    builder.table(quoted ? qualifier.start() + 1 : qualifier.start(),
                            quoted ? qualifier.end() - 1 : qualifier.end(), refOf(o.catalog()));
                    break;
                }
            }
        }
    }

    int refOf(CatalogTable table) {
        for (int i = 0; i < sharded.size(); i++) {
            if (sharded.get(i) == table) {
                return i;
            }
        }
        throw new IllegalArgumentException(table.name() + " is not a sharded table of this statement");
    }

    /** The sharded tables, in order of first mention; a table hole's ref indexes this list. */
    List<CatalogTable> sharded() {
        return sharded;
    }

    /**
     * The outermost SELECTs (subqueries) of the statement whose text lies within [start, end), in text order.
     */
    List<Select> subqueriesWithin(int start, int end) {
        List<Select> found = new ArrayList<>();
        for (Map.Entry<Object, SimpleNode> e : nodes.entrySet()) {
            if (e.getKey() instanceof Select s && s != parsed.statement() && !(s instanceof Values)) {
                int from = parsed.positions().start(e.getValue());
                int to = parsed.positions().end(e.getValue());
                if (from >= start && to <= end) {
                    found.add(s);
                }
            }
        }
        found.removeIf(s -> found.stream().anyMatch(o -> o != s && start(o) <= start(s) && end(s) <= end(o)
                && (start(o) != start(s) || end(o) != end(s) || o instanceof net.sf.jsqlparser.statement.select.ParenthesedSelect)));
        found.sort(java.util.Comparator.comparingInt(this::start));
        return found;
    }

    /** Whether {@code select} is a derived table or the body of a WITH item. */
    boolean isDerived(Select select) {
        return derived.contains(select);
    }

    /** The qualified columns (alias.column, table.column) whose text lies within [start, end). */
    List<Column> qualifiedColumnsWithin(int start, int end) {
        return qualifiedColumns.stream().filter(c -> hasPosition(c) && start(c) >= start && end(c) <= end).toList();
    }

    List<Occurrence> occurrences() {
        return occurrences;
    }

    /** Tables that are neither sharded nor broadcast nor aliases. */
    List<Occurrence> plain() {
        return occurrences.stream().filter(o -> !o.alias() && o.catalog() == null).toList();
    }

    List<Occurrence> broadcasts() {
        return occurrences.stream().filter(Occurrence::broadcast).toList();
    }

    /**
     * Why these tables cannot be planned together per shard, or null when they can: sharded tables in
     * subqueries, sharded tables of different binding groups or of one joined off their shard keys
     * ({@link KeyJoins}), sharded tables joined with unsharded ones,
     * broadcast tables missing from a node of the sharded group.
     */
    String shardedConflict() {
        if (sharded.isEmpty()) {
            return null;
        }
        boolean colocated = CorrelatedSubqueries.colocated(this, tokens);
        for (Occurrence o : occurrences) {
            if (o.sharded() && o.depth() > 0 && !colocated) {
                return "subqueries and derived tables over sharded table " + o.name();
            }
        }
        CatalogTable first = sharded.getFirst();
        for (CatalogTable t : sharded) {
            if (!t.group().equals(first.group())) {
                return "join between sharded tables " + first.name() + " and " + t.name()
                        + " that are not bound to each other (binding tables share shards)";
            }
        }
        KeyJoins.Member[] unjoined = KeyJoins.unjoined(this, parsed.statement());
        if (unjoined != null) {
            return "join of bound tables " + unjoined[0].name() + " and " + unjoined[1].name()
                    + " that does not equate their shard keys (" + keyText(unjoined[0]) + " = " + keyText(unjoined[1]) + ")";
        }
        for (Occurrence o : plain()) {
            return "statement mixing sharded table " + first.name() + " with unsharded table " + o.name();
        }
        for (Occurrence o : broadcasts()) {
            if (!o.catalog().topology().nodes().containsAll(first.topology().nodes())) {
                return "broadcast table " + o.name() + " is not on every node of sharded table " + first.name();
            }
        }
        return null;
    }

    private static String keyText(KeyJoins.Member m) {
        return m.keys().isEmpty() ? m.qualifier() + ".<no shard key selected>" : m.qualifier() + "." + m.keys().iterator().next();
    }

    /**
     * The sharded table whose shard key {@code column} is, in the statement's top-level scope; null when
     * the column is no shard key.
     */
    CatalogTable keyTable(Column column) {
        String name = unquote(column.getColumnName());
        Table qualifier = column.getTable();
        if (qualifier != null && qualifier.getName() != null) {
            String q = unquote(qualifier.getName());
            Occurrence o = aliases.get(q.toLowerCase(Locale.ROOT));
            if (o == null) {
                for (Occurrence c : occurrences) {
                    if (!c.alias() && c.depth() == 0 && c.name().equalsIgnoreCase(q)) {
                        o = c;
                        break;
                    }
                }
            }
            return o != null && o.sharded() && o.depth() == 0 && o.catalog().isShardKey(name) ? o.catalog() : null;
        }
        for (Occurrence o : occurrences) {
            if (o.sharded() && o.depth() == 0 && o.catalog().isShardKey(name)) {
                return o.catalog();
            }
        }
        return null;
    }

    /** The parser node of a parsed object, or null. */
    SimpleNode node(Object parsedObject) {
        return nodes.get(parsedObject);
    }

    int start(Object parsedObject) {
        SimpleNode n = nodes.get(parsedObject);
        if (n == null) {
            throw new IllegalStateException("no position for " + parsedObject);
        }
        return parsed.positions().start(n);
    }

    int end(Object parsedObject) {
        SimpleNode n = nodes.get(parsedObject);
        if (n == null) {
            throw new IllegalStateException("no position for " + parsedObject);
        }
        return parsed.positions().end(n);
    }

    boolean hasPosition(Object parsedObject) {
        return nodes.containsKey(parsedObject);
    }

    static String unquote(String identifier) {
        if (identifier != null && identifier.length() >= 2) {
            char q = identifier.charAt(0);
            if ((q == '`' || q == '"') && identifier.charAt(identifier.length() - 1) == q) {
                return identifier.substring(1, identifier.length() - 1).replace("" + q + q, "" + q);
            }
        }
        return identifier;
    }
}
