package io.shardgate.router.planner;

import io.shardgate.router.plan.Broadcast;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Route;
import io.shardgate.router.sql.ShapeTokens;
import io.shardgate.router.sql.SqlTemplateBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * DDL read by its words (JSqlParser's DDL coverage of MySQL is partial, and DDL only needs its table
 * name found): CREATE / ALTER / DROP / TRUNCATE TABLE and CREATE / DROP INDEX on a sharded table run on
 * every physical table with the name rewritten and the rest kept; on a broadcast table on every node;
 * CREATE / DROP / ALTER DATABASE on every node. A {@code REFERENCES} or {@code LIKE} naming a table bound
 * to the target gets the same shard's name. Renaming a sharded table is refused.
 */
final class DdlCompiler {

    /** A table name at token {@code nameToken}, possibly schema-qualified. */
    private record TableRef(int nameToken, String schema, String name, int next) {
    }

    private final ShapeTokens tokens;
    private final String schema;
    private final ShardCatalog catalog;

    DdlCompiler(ShapeTokens tokens, String schema, ShardCatalog catalog) {
        this.tokens = tokens;
        this.schema = schema;
        this.catalog = catalog;
    }

    PlanTemplate compile() {
        String first = tokens.firstWord();
        int i = 1;
        while (i < tokens.size() && (is(i, "OR") || is(i, "REPLACE") || is(i, "TEMPORARY") || is(i, "ONLINE")
                || is(i, "IGNORE") || is(i, "UNIQUE") || is(i, "FULLTEXT") || is(i, "SPATIAL"))) {
            i++;
        }
        if (i >= tokens.size()) {
            return generic();
        }
        if (is(i, "DATABASE") || is(i, "SCHEMA")) {
            return first.equals("RENAME") ? generic() : everyNode();
        }
        TableRef target;
        if (first.equals("TRUNCATE")) {
            target = tableRef(is(i, "TABLE") ? i + 1 : i);
        } else if (is(i, "TABLE") || is(i, "TABLES")) {
            if (first.equals("RENAME")) {
                return renames();
            }
            int at = i + 1;
            if (is(at, "IF")) {
                at += is(at + 1, "NOT") ? 3 : 2;
            }
            target = tableRef(at);
            if (first.equals("DROP") && target != null && target.next() < tokens.size()
                    && tokens.get(target.next()).isPunct(',')) {
                return several();
            }
        } else if (is(i, "INDEX") || is(i, "KEY")) {
            int on = tokens.find(i, "ON", 0);
            target = on < 0 ? null : tableRef(on + 1);
        } else {
            return generic();
        }
        if (target == null) {
            return generic();
        }
        CatalogTable table = catalog.table(target.schema(), target.name());
        if (table == null) {
            CatalogTable other = otherMention(target.nameToken());
            if (other != null) {
                return PlanTemplate.fixed(Reject.notSupported("DDL on unsharded table " + target.name()
                        + " referring to " + (other.broadcast() ? "broadcast" : "sharded") + " table " + other.name()));
            }
            return new PassThrough(catalog.defaultNode(target.schema()), false);
        }
        if (first.equals("ALTER") && renamesTable(i)) {
            return PlanTemplate.fixed(Reject.notSupported("renaming " + (table.broadcast() ? "broadcast" : "sharded")
                    + " table " + table.name() + "; rename it in the config and on every node"));
        }
        if (table.broadcast()) {
            CatalogTable other = otherMention(target.nameToken());
            if (other != null && !other.broadcast()) {
                return PlanTemplate.fixed(Reject.notSupported("DDL on broadcast table " + table.name()
                        + " referring to sharded table " + other.name()));
            }
            return new BroadcastWrite(table.topology().nodes());
        }
        return sharded(table, target);
    }

    /** Every physical table: the target's name and bound references rewritten per shard. */
    private PlanTemplate sharded(CatalogTable table, TableRef target) {
        SqlTemplateBuilder builder = new SqlTemplateBuilder(tokens.shape());
        List<CatalogTable> refs = new ArrayList<>();
        refs.add(table);
        hole(builder, target.nameToken(), 0);
        for (int i = 0; i < tokens.size(); i++) {
            if (i == target.nameToken() || !(is(i, "REFERENCES") || is(i, "LIKE"))) {
                continue;
            }
            TableRef ref = tableRef(i + 1);
            CatalogTable other = ref == null ? null : catalog.table(ref.schema(), ref.name());
            if (other == null) {
                continue;
            }
            if (other.broadcast() || !other.group().equals(table.group())) {
                return PlanTemplate.fixed(Reject.notSupported("DDL on sharded table " + table.name()
                        + " referring to " + other.name() + ", which is not bound to it"));
            }
            int index = refs.indexOf(other);
            if (index < 0) {
                refs.add(other);
                index = refs.size() - 1;
            }
            hole(builder, ref.nameToken(), index);
        }
        return new DdlTemplate(List.copyOf(refs), builder.template(List.of()));
    }

    /** {@code ALTER TABLE t RENAME [TO|AS] x}, not {@code RENAME COLUMN/INDEX/KEY}. */
    private boolean renamesTable(int from) {
        for (int at = tokens.find(from, "RENAME", 0); at >= 0; at = tokens.find(at + 1, "RENAME", 0)) {
            if (!(is(at + 1, "COLUMN") || is(at + 1, "INDEX") || is(at + 1, "KEY"))) {
                return true;
            }
        }
        return false;
    }

    private void hole(SqlTemplateBuilder builder, int token, int ref) {
        ShapeTokens.Token t = tokens.get(token);
        boolean quoted = t.kind() == ShapeTokens.Kind.QUOTED;
        builder.table(quoted ? t.start() + 1 : t.start(), quoted ? t.end() - 1 : t.end(), ref);
    }

    private PlanTemplate everyNode() {
        return new BroadcastWrite(catalog.allNodes());
    }

    private PlanTemplate renames() {
        CatalogTable named = otherMention(-1);
        return named != null
                ? PlanTemplate.fixed(Reject.notSupported("RENAME TABLE of " + (named.broadcast() ? "broadcast" : "sharded")
                + " table " + named.name() + "; rename it in the config and on every node"))
                : new PassThrough(catalog.defaultNode(schema), false);
    }

    private PlanTemplate several() {
        CatalogTable named = otherMention(-1);
        return named != null
                ? PlanTemplate.fixed(Reject.notSupported("DROP TABLE of several tables including "
                + (named.broadcast() ? "broadcast" : "sharded") + " table " + named.name() + "; drop it on its own"))
                : new PassThrough(catalog.defaultNode(schema), false);
    }

    private PlanTemplate generic() {
        CatalogTable named = otherMention(-1);
        return named != null
                ? PlanTemplate.fixed(Reject.notSupported("this DDL on " + (named.broadcast() ? "broadcast" : "sharded")
                + " table " + named.name()))
                : new PassThrough(catalog.defaultNode(schema), false);
    }

    /** A sharded or broadcast table named by an identifier other than token {@code except}. */
    private CatalogTable otherMention(int except) {
        for (int i = 0; i < tokens.size(); i++) {
            if (i == except || !tokens.get(i).isIdentifier()) {
                continue;
            }
            boolean qualifiedPart = i + 1 < tokens.size() && tokens.get(i + 1).isPunct('.');
            if (qualifiedPart) {
                continue;
            }
            TableRef ref = i >= 2 && tokens.get(i - 1).isPunct('.') ? tableRef(i - 2) : tableRef(i);
            if (ref != null && ref.nameToken() != except) {
                CatalogTable t = catalog.table(ref.schema(), ref.name());
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    private TableRef tableRef(int i) {
        if (i < 0 || i >= tokens.size() || !tokens.get(i).isIdentifier()) {
            return null;
        }
        if (i + 2 < tokens.size() && tokens.get(i + 1).isPunct('.') && tokens.get(i + 2).isIdentifier()) {
            return new TableRef(i + 2, tokens.get(i).identifier(), tokens.get(i + 2).identifier(), i + 3);
        }
        return new TableRef(i, schema, tokens.get(i).identifier(), i + 1);
    }

    private boolean is(int i, String word) {
        return i < tokens.size() && tokens.get(i).is(word);
    }

    /** DDL on a sharded table: one route per physical table. */
    record DdlTemplate(List<CatalogTable> tables, io.shardgate.router.sql.SqlTemplate sql) implements PlanTemplate {
        @Override
        public io.shardgate.router.plan.Plan bind(BindContext context) {
            ShardBinder binder = new ShardBinder(context.literals(), tables, new ShardBinder.Hook[0], null);
            List<Route> routes = new ArrayList<>();
            for (int s = 0; s < tables.getFirst().topology().shardCount(); s++) {
                binder.at(s);
                routes.add(new Route(binder.node(), sql.render(binder), true));
            }
            return new Broadcast(routes);
        }
    }
}
