package io.shardgate.router.planner;

import io.shardgate.router.plan.Local;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.sql.Positions;
import io.shardgate.router.sql.ShapeParser;
import io.shardgate.router.sql.ShapeTokens;
import io.shardgate.router.sql.SqlTemplate;
import io.shardgate.router.sql.SqlTemplateBuilder;
import io.shardgate.router.sql.SqlTemplateBuilder.Edit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Compiles a SELECT shape. Statements without sharded tables run whole on one node (a broadcast table's
 * node set, else the default node); statements with them become a {@link SelectTemplate}.
 */
final class SelectCompiler {

    private static final Set<String> SESSION_FUNCTIONS = Set.of("DATABASE", "SCHEMA", "USER", "CURRENT_USER",
            "SESSION_USER", "SYSTEM_USER", "VERSION", "CONNECTION_ID", "LAST_INSERT_ID", "FOUND_ROWS", "ROW_COUNT");
    /** Functions whose effect or answer belongs to one connection: such reads go to the primary. */
    private static final Set<String> PRIMARY_FUNCTIONS = Set.of("GET_LOCK", "RELEASE_LOCK", "RELEASE_ALL_LOCKS",
            "IS_FREE_LOCK", "IS_USED_LOCK", "MASTER_POS_WAIT", "MASTER_GTID_WAIT", "NEXTVAL", "SETVAL", "LASTVAL",
            "LAST_INSERT_ID", "FOUND_ROWS", "ROW_COUNT", "SLEEP");

    private SelectCompiler() {
    }

    static PlanTemplate compile(ShapeParser.Parsed parsed, ShapeTokens tokens, String schema, PlanCompiler compiler) {
        ShardCatalog catalog = compiler.catalog();
        boolean read = !locking(parsed, tokens) && !callsPrimaryFunction(tokens);
        if (parsed.statement() instanceof PlainSelect ps && ps.getFromItem() == null && ps.getJoins() == null) {
            Local local = systemSelect(ps, parsed, tokens);
            if (local != null) {
                return PlanTemplate.fixed(local);
            }
        }
        StatementTables tables = StatementTables.collect(parsed, tokens, schema, catalog);
        if (tables.sharded().isEmpty()) {
            PlanTemplate metadata = InformationSchemaPlanner.of(tables, new SqlTemplateBuilder(tokens.shape()), catalog,
                    schema, homeNode(tables, schema, catalog), parsed.statement());
            return metadata != null ? metadata : unsharded(tables, schema, catalog, read);
        }
        boolean binaryOrder = parsed.binaryOrder(); // ORDER BY BINARY x: only the scatter planner sorts by it
        if (!(parsed.statement() instanceof PlainSelect ps)) {
            return binaryOrder ? PlanTemplate.fixed(Reject.notSupported("ORDER BY BINARY over UNION / INTERSECT / "
                    + "EXCEPT across shards")) : SetOperationCompiler.compile(compiler, parsed, tokens, schema, tables);
        }
        String conflict = tables.shardedConflict();
        if (conflict != null && SemiJoinKeys.present(ps)) { // only the scatter planner places a semi-join's filter
            return PlanTemplate.fixed(Reject.notSupported("this statement with a subquery over "
                    + "proxy.subquery-inline-limit"));
        }
        if (conflict != null) {
            // uncorrelated subqueries over sharded tables run first; their rows become literals of the statement
            PlanTemplate inlined = SubqueryCompiler.compile(compiler, parsed, tokens, schema, tables, ps);
            if (inlined != null) {
                return inlined; // written as text and planned again, BINARY included
            }
            if (binaryOrder) {
                return PlanTemplate.fixed(Reject.notSupported("ORDER BY BINARY with " + conflict));
            }
            PlanTemplate derived = DerivedTableCompiler.compile(compiler, tokens, schema, tables, ps);
            if (derived != null) {
                return derived;
            }
            // two tables no shard holds together: each read on its own, joined in the proxy
            PlanTemplate joined = JoinCompiler.compile(compiler, parsed, tokens, schema, tables, ps);
            if (joined != null) {
                return joined;
            }
            return PlanTemplate.fixed(Reject.notSupported(conflict));
        }
        if (ps.getWithItemsList() != null && ps.getWithItemsList().stream().anyMatch(w -> w.isRecursive())) {
            return PlanTemplate.fixed(Reject.notSupported("WITH RECURSIVE over sharded tables"));
        }
        if (ps.getIntoTables() != null && !ps.getIntoTables().isEmpty()
                || tokens.find(0, "INTO", 0) >= 0 || tokens.find(0, "OUTFILE", 0) >= 0) {
            return PlanTemplate.fixed(Reject.notSupported("SELECT ... INTO over sharded tables"));
        }
        SemiJoinKeys semiJoin = SemiJoinKeys.strip(ps, tables);
        SqlTemplateBuilder builder = new SqlTemplateBuilder(tokens.shape());
        tables.registerTableHoles(builder);
        KeyConditions keys = new KeyConditions(tables, builder);
        KeyCondition key = keys.extract(ps.getWhere());
        List<ShardBinder.Hook> hooks = new ArrayList<>();
        List<Edit> common = new ArrayList<>();
        for (KeyConditions.InList list : keys.inLists()) {
            common.add(Edit.replace(list.innerStart(), list.innerEnd(), new SqlTemplate.Hook(hooks.size())));
            hooks.add(ShardBinder.inList(list));
        }
        SqlTemplate single = builder.template(common);
        SqlTemplate empty = single;
        List<Edit> falseWhere = new ArrayList<>(common);
        if (ps.getWhere() != null) {
            falseWhere.add(Edit.insert(tables.start(ps.getWhere()), "1=0 AND ("));
            falseWhere.add(Edit.insert(tables.end(ps.getWhere()), ")"));
            empty = builder.template(falseWhere);
        }
        SqlTemplate scatter = null;
        SqlTemplate emptyScatter = null;
        MergeTemplate merge = null;
        Reject scatterError = null;
        try {
            ScatterPlanner.Result r = new ScatterPlanner(ps, tables, builder, tokens, semiJoin).plan(hooks.size());
            if (r.limitHook() != null) {
                hooks.add(r.limitHook());
            }
            List<Edit> edits = new ArrayList<>(common);
            edits.addAll(r.edits());
            scatter = builder.template(edits);
            merge = r.merge();
            if (semiJoin != null) { // no shard holds the keys: still the merge's rows (one for an aggregate)
                List<Edit> none = new ArrayList<>(falseWhere);
                none.addAll(r.edits());
                emptyScatter = builder.template(none);
            }
        } catch (PlanException e) {
            scatterError = e.reject();
        }
        return new SelectTemplate(List.copyOf(tables.sharded()), key, keys.inLists().size(),
                hooks.toArray(ShardBinder.Hook[]::new), single, empty, scatter, merge, scatterError, !read,
                semiJoin != null, emptyScatter);
    }

    /** No sharded table: one node runs it as written. */
    private static PlanTemplate unsharded(StatementTables tables, String schema, ShardCatalog catalog, boolean read) {
        String home = homeNode(tables, schema, catalog);
        List<StatementTables.Occurrence> broadcasts = tables.broadcasts();
        if (broadcasts.isEmpty()) {
            return new PassThrough(home, read);
        }
        Set<String> candidates = new LinkedHashSet<>(broadcasts.getFirst().catalog().topology().nodes());
        broadcasts.forEach(b -> candidates.retainAll(b.catalog().topology().nodes()));
        if (candidates.contains(home)) {
            return new PassThrough(home, read);
        }
        if (!tables.plain().isEmpty() || candidates.isEmpty()) {
            return PlanTemplate.fixed(Reject.notSupported("join of broadcast table " + broadcasts.getFirst().name()
                    + " with tables on other nodes"));
        }
        return new PassThrough(candidates.iterator().next(), read);
    }

    /** The default node of the schema the statement's tables live in (else the session schema's). */
    static String homeNode(StatementTables tables, String schema, ShardCatalog catalog) {
        String home = null;
        for (StatementTables.Occurrence o : tables.occurrences()) {
            if (!o.alias() && o.schema() != null && catalog.hasSchema(o.schema())) {
                if (home != null && !home.equalsIgnoreCase(o.schema())) {
                    home = null;
                    break;
                }
                home = o.schema();
            }
        }
        return catalog.defaultNode(home != null ? home : schema);
    }

    static boolean locking(ShapeParser.Parsed parsed, ShapeTokens tokens) {
        if (parsed != null && parsed.lockInShareMode()) {
            return true;
        }
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).depth() == 0 && tokens.get(i).is("FOR")
                    && (tokens.get(i + 1).is("UPDATE") || tokens.get(i + 1).is("SHARE"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean callsPrimaryFunction(ShapeTokens tokens) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            ShapeTokens.Token t = tokens.get(i);
            if (t.kind() == ShapeTokens.Kind.WORD && tokens.get(i + 1).isPunct('(')
                    && PRIMARY_FUNCTIONS.contains(t.text().toUpperCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** {@code SELECT @@version_comment LIMIT 1}, {@code SELECT DATABASE()}: the proxy answers. */
    private static Local systemSelect(PlainSelect ps, ShapeParser.Parsed parsed, ShapeTokens tokens) {
        if (ps.getWhere() != null || ps.getGroupBy() != null || ps.getHaving() != null) {
            return null;
        }
        String shape = tokens.shape();
        List<Local.SystemItem> items = new ArrayList<>();
        for (SelectItem<?> si : ps.getSelectItems()) {
            Expression e = si.getExpression();
            Local.SystemItem item;
            String label = si.getAlias() != null ? StatementTables.unquote(si.getAlias().getName())
                    : itemText(si, parsed, shape);
            if (label == null) {
                return null;
            }
            if (e instanceof UserVariable v && v.isDoubleAdd()) {
                String name = StatementTables.unquote(v.getName());
                String scope = null;
                int dot = name.indexOf('.');
                if (dot > 0) {
                    scope = name.substring(0, dot).toLowerCase(Locale.ROOT);
                    name = StatementTables.unquote(name.substring(dot + 1));
                    if (!scope.equals("session") && !scope.equals("global") && !scope.equals("local")) {
                        return null;
                    }
                    scope = scope.equals("local") ? "session" : scope;
                }
                item = new Local.SystemItem(label, true, scope, name.toLowerCase(Locale.ROOT));
            } else if (e instanceof Function f && f.getName() != null
                    && SESSION_FUNCTIONS.contains(f.getName().toUpperCase(Locale.ROOT))
                    && (f.getParameters() == null || f.getParameters().isEmpty())) {
                item = new Local.SystemItem(label, false, null, f.getName().toUpperCase(Locale.ROOT));
            } else if (e instanceof Column c && c.getTable() == null
                    && "CURRENT_USER".equalsIgnoreCase(c.getColumnName())) {
                item = new Local.SystemItem(label, false, null, "CURRENT_USER");
            } else {
                return null;
            }
            items.add(item);
        }
        return items.isEmpty() ? null : new Local(Local.Kind.SELECT_SYSTEM, List.of(), items);
    }

    private static String itemText(SelectItem<?> si, ShapeParser.Parsed parsed, String shape) {
        SimpleNode node = Positions.node(si);
        if (node == null) {
            return null;
        }
        String text = shape.substring(parsed.positions().start(node), parsed.positions().end(node));
        return text.indexOf('?') >= 0 ? null : text;
    }
}
