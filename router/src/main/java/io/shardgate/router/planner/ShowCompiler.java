package io.shardgate.router.planner;

import io.shardgate.router.metadata.MetadataView;
import io.shardgate.router.metadata.TableNames;
import io.shardgate.router.plan.Broadcast;
import io.shardgate.router.plan.CatalogFold;
import io.shardgate.router.plan.CatalogRead;
import io.shardgate.router.plan.Empty;
import io.shardgate.router.plan.GeneratedKeys;
import io.shardgate.router.plan.KeyCheckedWrite;
import io.shardgate.router.plan.Local;
import io.shardgate.router.plan.MergeShards;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.RenameTable;
import io.shardgate.router.plan.Route;
import io.shardgate.router.plan.TableListing;
import io.shardgate.router.sql.ShapeTokens;
import io.shardgate.router.sql.SqlMode;
import io.shardgate.router.sql.SqlTemplate;
import io.shardgate.router.sql.SqlTemplateBuilder;
import io.shardgate.router.topology.ShardLocation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SHOW, DESCRIBE and EXPLAIN. The client must see logical tables: SHOW TABLES lists the default node's
 * tables with physical shard tables replaced by logical names; SHOW CREATE TABLE, SHOW COLUMNS and DESCRIBE
 * of a sharded table ask its first physical table and rename it back in the result; SHOW INDEX asks every
 * physical table and folds the answers; SHOW TABLE STATUS reads information_schema.TABLES as the
 * {@link InformationSchemaPlanner} answers it. EXPLAIN of a statement explains it on the shards its plan
 * reaches.
 */
final class ShowCompiler {

    private final PlanCompiler compiler;
    private final ShapeTokens tokens;
    private final String schema;
    private final ShardCatalog catalog;

    ShowCompiler(PlanCompiler compiler, ShapeTokens tokens, String schema) {
        this.compiler = compiler;
        this.tokens = tokens;
        this.schema = schema;
        this.catalog = compiler.catalog();
    }

    PlanTemplate compile() {
        if (!tokens.firstWord().equals("SHOW")) {
            return describeOrExplain();
        }
        int i = 1;
        boolean full = is(i, "FULL");
        if (full) {
            i++;
        }
        if (is(i, "DATABASES") || is(i, "SCHEMAS")) {
            return PlanTemplate.fixed(Local.of(Local.Kind.SHOW_DATABASES));
        }
        if (is(i, "TABLES")) {
            return tables(i + 1);
        }
        if (is(i, "WARNINGS") || is(i, "COUNT") && tokens.find(i, "WARNINGS", 0) > 0) {
            return PlanTemplate.fixed(Local.of(Local.Kind.SHOW_WARNINGS));
        }
        if (is(i, "ERRORS") || is(i, "COUNT") && tokens.find(i, "ERRORS", 0) > 0) {
            return PlanTemplate.fixed(Local.of(Local.Kind.SHOW_ERRORS));
        }
        if (is(i, "VARIABLES") || (is(i, "GLOBAL") || is(i, "SESSION") || is(i, "LOCAL")) && is(i + 1, "VARIABLES")) {
            // the default node's variables, with the version the proxy announces (PlanRunner rewrites them)
            return context -> new Local(Local.Kind.SHOW_VARIABLES,
                    List.of(context.original(), context.primaryForReads() ? "primary" : "any"), List.of());
        }
        if (is(i, "PROCESSLIST")) {
            return PlanTemplate.fixed(Local.of(Local.Kind.SHOW_PROCESSLIST));
        }
        if (is(i, "CREATE") && is(i + 1, "TABLE")) {
            return firstShard(i + 2, List.of(0, 1));
        }
        if (is(i, "COLUMNS") || is(i, "FIELDS")) {
            return firstShard(i + 2, List.of());
        }
        if (is(i, "INDEX") || is(i, "INDEXES") || is(i, "KEYS")) {
            return everyShard(i + 2);
        }
        if (is(i, "TABLE") && is(i + 1, "STATUS")) {
            return tableStatus(i + 2);
        }
        return compiler.unparsed(tokens, schema, null);
    }

    /** {@code SHOW [FULL] TABLES [FROM db] [LIKE 'p']}: default node's list with logical names. */
    private PlanTemplate tables(int i) {
        String db = schema;
        if (is(i, "FROM") || is(i, "IN")) {
            db = tokens.get(i + 1).identifier();
            i += 2;
        }
        String node = catalog.defaultNode(db);
        Set<String> hidden = new HashSet<>();
        List<String> logical = new ArrayList<>();
        for (CatalogTable t : catalog.tables(db)) {
            logical.add(t.name());
            if (!t.broadcast()) {
                for (ShardLocation l : t.topology().locations()) {
                    hidden.add(l.physicalTable().toLowerCase(Locale.ROOT));
                }
            }
        }
        logical.sort(String::compareTo);
        boolean like = is(i, "LIKE") && i + 1 < tokens.size() && tokens.get(i + 1).kind() == ShapeTokens.Kind.SLOT;
        return context -> {
            List<String> names = logical;
            if (like) {
                Object pattern = context.literal(0).value();
                names = logical.stream().filter(n -> pattern instanceof String p && LikePattern.matches(p, n)).toList();
            }
            return new TableListing(new Route(node, context.original(), context.primaryForReads()), hidden, names);
        };
    }

    /** The statement on the table's first shard, its name renamed back in {@code renameColumns}. */
    private PlanTemplate firstShard(int at, List<Integer> renameColumns) {
        if (at >= tokens.size() || !tokens.get(at).isIdentifier()) {
            return compiler.unparsed(tokens, schema, null);
        }
        int nameToken = at;
        String db = schema;
        if (at + 2 < tokens.size() && tokens.get(at + 1).isPunct('.') && tokens.get(at + 2).isIdentifier()) {
            db = tokens.get(at).identifier();
            nameToken = at + 2;
        } else if ((is(at + 1, "FROM") || is(at + 1, "IN")) && at + 2 < tokens.size()) {
            db = tokens.get(at + 2).identifier();
        }
        return onFirstShard(nameToken, db, renameColumns);
    }

    /**
     * {@code SHOW INDEX FROM t}: every physical table's answer, folded into the logical table's
     * ({@link MetadataView#SHOW_INDEX}: the first shard's rows, Cardinality summed).
     */
    private PlanTemplate everyShard(int at) {
        if (at >= tokens.size() || !tokens.get(at).isIdentifier()) {
            return compiler.unparsed(tokens, schema, null);
        }
        int nameToken = at;
        String db = schema;
        if (at + 2 < tokens.size() && tokens.get(at + 1).isPunct('.') && tokens.get(at + 2).isIdentifier()) {
            db = tokens.get(at).identifier();
            nameToken = at + 2;
        } else if ((is(at + 1, "FROM") || is(at + 1, "IN")) && at + 2 < tokens.size()) {
            db = tokens.get(at + 2).identifier();
        }
        CatalogTable table = catalog.table(db, tokens.get(nameToken).identifier());
        if (table == null || table.broadcast()) {
            return onFirstShard(nameToken, db, List.of());
        }
        SqlTemplateBuilder builder = new SqlTemplateBuilder(tokens.shape());
        ShapeTokens.Token name = tokens.get(nameToken);
        boolean quoted = name.kind() == ShapeTokens.Kind.QUOTED;
        builder.table(quoted ? name.start() + 1 : name.start(), quoted ? name.end() - 1 : name.end(), 0);
        SqlTemplate sql = builder.template(List.of());
        List<CatalogTable> refs = List.of(table);
        String schemaName = table.schema();
        TableNames names = new TableNames(catalog.schemaTopology(schemaName).stream().toList());
        return context -> {
            ShardBinder binder = new ShardBinder(context.literals(), refs, new ShardBinder.Hook[0], null);
            List<Route> routes = new ArrayList<>();
            for (int s = 0; s < table.topology().shardCount(); s++) {
                binder.at(s);
                routes.add(new Route(binder.node(), sql.render(binder), context.primaryForReads()));
            }
            return new CatalogFold(routes, MetadataView.SHOW_INDEX, schemaName, names);
        };
    }

    /**
     * {@code SHOW TABLE STATUS [FROM db] [LIKE 'p' | WHERE expr]} is information_schema.TABLES under the names
     * SHOW gives its columns (MySQL 8's eighteen), so it shows logical tables with rows and sizes summed
     * ({@link InformationSchemaPlanner}); a WHERE clause filters those rows as the server would.
     */
    private PlanTemplate tableStatus(int i) {
        String db = schema;
        if (is(i, "FROM") || is(i, "IN")) {
            if (i + 1 >= tokens.size() || !tokens.get(i + 1).isIdentifier()) {
                return compiler.unparsed(tokens, schema, null);
            }
            db = tokens.get(i + 1).identifier();
            i += 2;
        }
        if (db == null || !catalog.hasSchema(db)) {
            return compiler.unparsed(tokens, schema, null);
        }
        String inner = "SELECT " + TABLE_STATUS_COLUMNS + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                + SqlMode.quoteAnyMode(catalog.schemaName(db).orElse(db));
        String rest = i < tokens.size() ? tokens.shape().substring(tokens.get(i).start()) : "";
        String shape;
        if (is(i, "LIKE")) {
            shape = inner + " AND TABLE_NAME " + rest + " ORDER BY `Name`";
        } else if (is(i, "WHERE")) {
            shape = "SELECT * FROM (" + inner + ") AS `TABLE_STATUS` " + rest + " ORDER BY `Name`";
        } else if (rest.isEmpty()) {
            shape = inner + " ORDER BY `Name`";
        } else {
            return compiler.unparsed(tokens, schema, null);
        }
        return compiler.compile(shape, schema);
    }

    /** SHOW TABLE STATUS's columns as information_schema.TABLES holds them (MySQL 8's list). */
    private static final String TABLE_STATUS_COLUMNS = "TABLE_NAME AS `Name`, ENGINE AS `Engine`, VERSION AS `Version`, "
            + "ROW_FORMAT AS `Row_format`, TABLE_ROWS AS `Rows`, AVG_ROW_LENGTH AS `Avg_row_length`, "
            + "DATA_LENGTH AS `Data_length`, MAX_DATA_LENGTH AS `Max_data_length`, INDEX_LENGTH AS `Index_length`, "
            + "DATA_FREE AS `Data_free`, AUTO_INCREMENT AS `Auto_increment`, CREATE_TIME AS `Create_time`, "
            + "UPDATE_TIME AS `Update_time`, CHECK_TIME AS `Check_time`, TABLE_COLLATION AS `Collation`, "
            + "CHECKSUM AS `Checksum`, CREATE_OPTIONS AS `Create_options`, TABLE_COMMENT AS `Comment`";

    private PlanTemplate onFirstShard(int nameToken, String db, List<Integer> renameColumns) {
        CatalogTable table = catalog.table(db, tokens.get(nameToken).identifier());
        if (table == null) {
            return new PassThrough(catalog.defaultNode(db), true);
        }
        ShardLocation first = table.topology().location(0);
        if (table.broadcast()) {
            return new PassThrough(first.node(), true);
        }
        SqlTemplateBuilder builder = new SqlTemplateBuilder(tokens.shape());
        ShapeTokens.Token name = tokens.get(nameToken);
        boolean quoted = name.kind() == ShapeTokens.Kind.QUOTED;
        builder.table(quoted ? name.start() + 1 : name.start(), quoted ? name.end() - 1 : name.end(), 0);
        SqlTemplate sql = builder.template(List.of());
        List<CatalogTable> refs = List.of(table);
        return context -> {
            ShardBinder binder = new ShardBinder(context.literals(), refs, new ShardBinder.Hook[0], null).at(0);
            Route route = new Route(first.node(), sql.render(binder), context.primaryForReads());
            return renameColumns.isEmpty() ? route
                    : new RenameTable(route, first.physicalTable(), table.name(), renameColumns);
        };
    }

    /** DESCRIBE t [col] / EXPLAIN t, or EXPLAIN [options] statement. */
    private PlanTemplate describeOrExplain() {
        if (is(0, "EXPLAIN") && is(1, "FORMAT") && tokens.size() > 4 && tokens.get(2).isPunct('=')
                && tokens.get(3).isIdentifier() && tokens.get(3).identifier().equalsIgnoreCase(EXPLAIN_FORMAT)) {
            return explainPlan(tokens.get(4).start());
        }
        int i = 1;
        while (is(i, "FORMAT") || is(i, "EXTENDED") || is(i, "PARTITIONS") || is(i, "ANALYZE")
                || i < tokens.size() && tokens.get(i).isPunct('=') || is(i, "JSON") || is(i, "TRADITIONAL")
                || is(i, "TREE")) {
            i++;
        }
        if (i >= tokens.size()) {
            return compiler.unparsed(tokens, schema, null);
        }
        ShapeTokens.Token next = tokens.get(i);
        if (next.is("SELECT") || next.is("INSERT") || next.is("UPDATE") || next.is("DELETE") || next.is("REPLACE")
                || next.is("WITH") || next.isPunct('(')) {
            return explain(next.start());
        }
        if (!next.isIdentifier()) {
            return compiler.unparsed(tokens, schema, null);
        }
        int nameToken = i;
        String db = schema;
        if (i + 2 < tokens.size() && tokens.get(i + 1).isPunct('.') && tokens.get(i + 2).isIdentifier()) {
            db = next.identifier();
            nameToken = i + 2;
        }
        return onFirstShard(nameToken, db, List.of());
    }

    /** {@code EXPLAIN FORMAT=shardgate}: the proxy's plan rather than the backends'. */
    static final String EXPLAIN_FORMAT = "shardgate";

    /**
     * {@code EXPLAIN FORMAT=shardgate statement}: the statement's plan tree as {@code shardgate route} prints it,
     * one row per line (each node, the SQL each shard runs and the merge steps above them), answered by the
     * proxy; nothing runs on a backend.
     */
    private PlanTemplate explainPlan(int innerStart) {
        PlanTemplate inner = compiler.compile(tokens.shape().substring(innerStart), schema);
        return context -> {
            String original = context.original();
            int word = original.toLowerCase(java.util.Locale.ROOT).indexOf(EXPLAIN_FORMAT);
            String statement = word < 0 ? original : original.substring(word + EXPLAIN_FORMAT.length()).strip();
            Plan plan = inner.bind(new BindContext(statement, context.literals(), context.hints(), context.session()));
            return new Local(Local.Kind.EXPLAIN_PLAN, plan.describe().lines().toList(), List.of());
        };
    }

    /** EXPLAIN of a planned statement: the same routes with EXPLAIN in front, results unioned. */
    private PlanTemplate explain(int innerStart) {
        String prefix = tokens.shape().substring(0, innerStart);
        PlanTemplate inner = compiler.compile(tokens.shape().substring(innerStart), schema);
        return context -> explained(inner.bind(context), prefix, context);
    }

    private static Plan explained(Plan plan, String prefix, BindContext context) {
        return switch (plan) {
            case Route r -> new Route(r.node(), prefix + r.sql(), context.primaryForReads());
            case Empty e -> explained(e.metadata(), prefix, context);
            case GeneratedKeys g -> explained(g.input(), prefix, context);
            case ReadPlan tree -> union(tree.routes(), prefix, context);
            case Broadcast b -> b.routes().isEmpty() ? b : union(b.routes(), prefix, context);
            case CatalogRead c -> new Route(c.asWritten().node(), context.original(), context.primaryForReads());
            case KeyCheckedWrite k -> union(java.util.stream.Stream.concat(k.checks().stream().map(KeyCheckedWrite.Check::route),
                    java.util.stream.Stream.ofNullable(k.write())).toList(), prefix, context);
            default -> plan;
        };
    }

    private static Plan union(List<Route> routes, String prefix, BindContext context) {
        List<Route> explained = routes.stream()
                .map(r -> new Route(r.node(), prefix + r.sql(), context.primaryForReads())).toList();
        return new MergeShards(explained, List.of());
    }

    private boolean is(int i, String word) {
        return i >= 0 && i < tokens.size() && tokens.get(i).is(word);
    }
}
