package io.shardgate.router.planner;

import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Route;
import io.shardgate.router.plan.TableLocks;
import io.shardgate.router.sql.ShapeTokens;
import io.shardgate.router.topology.ShardLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code LOCK TABLES} and {@code UNLOCK TABLES} read by their words (JSqlParser does not know them). Each logical
 * table locks what one server would hold: every physical table of a sharded table and every copy of a broadcast
 * table, on its node, with the lock type ({@code READ [LOCAL]}, {@code [LOW_PRIORITY] WRITE},
 * {@code WRITE CONCURRENT}) and alias as written; an unsharded table locks on the default node.
 *
 * <p>An alias names one table on a server, so a sharded table with several shards on one node cannot be locked
 * under an alias (the node would answer 1066); that is refused with the way out.
 */
final class LockTablesCompiler {

    private static final Set<String> LOCK_WORDS = Set.of("READ", "LOCAL", "WRITE", "LOW_PRIORITY", "CONCURRENT");

    private final ShapeTokens tokens;
    private final String schema;
    private final PlanCompiler compiler;

    LockTablesCompiler(ShapeTokens tokens, String schema, PlanCompiler compiler) {
        this.tokens = tokens;
        this.schema = schema;
        this.compiler = compiler;
    }

    /** {@code LOCK TABLE[S] ...} or {@code UNLOCK TABLE[S]}; anything else starting with those words passes through. */
    PlanTemplate compile() {
        boolean tablesWord = tokens.size() > 1 && (tokens.get(1).is("TABLES") || tokens.get(1).is("TABLE"));
        if (!tablesWord) {
            return compiler.unparsed(tokens, schema, null);
        }
        if (tokens.firstWord().equals("UNLOCK")) {
            return tokens.size() == 2 ? PlanTemplate.fixed(TableLocks.unlock()) : compiler.unparsed(tokens, schema, null);
        }
        try {
            return PlanTemplate.fixed(lock());
        } catch (IllegalArgumentException unreadable) {
            return compiler.unparsed(tokens, schema, null); // the node answers the syntax error, as a server would
        }
    }

    private io.shardgate.router.plan.Plan lock() {
        ShardCatalog catalog = compiler.catalog();
        Map<String, List<String>> byNode = new TreeMap<>(); // node name order: the order locks are taken in
        int i = 2;
        String tail = "";
        while (true) {
            if (!identifier(i)) {
                throw new IllegalArgumentException("a table name");
            }
            String written = null;
            String name = tokens.get(i).identifier();
            i++;
            if (punct(i, '.') && identifier(i + 1)) {
                written = name;
                name = tokens.get(i + 1).identifier();
                i += 2;
            }
            String alias = null;
            if (is(i, "AS")) {
                if (!identifier(i + 1)) {
                    throw new IllegalArgumentException("an alias");
                }
                alias = tokens.get(i + 1).identifier();
                i += 2;
            } else if (identifier(i) && !LOCK_WORDS.contains(tokens.get(i).text().toUpperCase(Locale.ROOT))) {
                alias = tokens.get(i).identifier();
                i++;
            }
            StringBuilder lockType = new StringBuilder();
            while (i < tokens.size() && tokens.get(i).kind() == ShapeTokens.Kind.WORD
                    && LOCK_WORDS.contains(tokens.get(i).text().toUpperCase(Locale.ROOT))) {
                lockType.append(' ').append(tokens.get(i).text().toUpperCase(Locale.ROOT));
                i++;
            }
            if (lockType.isEmpty()) {
                throw new IllegalArgumentException("a lock type");
            }
            String tableSchema = written == null ? schema : written;
            CatalogTable table = catalog.table(tableSchema, name);
            String qualifier = written == null ? "" : quote(written) + ".";
            String as = alias == null ? "" : " AS " + quote(alias);
            if (table == null) {
                byNode.computeIfAbsent(catalog.defaultNode(tableSchema), n -> new ArrayList<>())
                        .add(qualifier + quote(name) + as + lockType);
            } else {
                for (ShardLocation shard : table.topology().locations()) {
                    List<String> items = byNode.computeIfAbsent(shard.node(), n -> new ArrayList<>());
                    String item = qualifier + quote(shard.physicalTable()) + as + lockType;
                    if (alias != null && !table.broadcast() && onNode(table, shard.node()) > 1) {
                        return Reject.notSupported("LOCK TABLES of sharded table " + table.name() + " under alias "
                                + alias + ": node " + shard.node() + " holds " + onNode(table, shard.node())
                                + " of its shards and an alias names one table; lock it without an alias");
                    }
                    items.add(item);
                }
            }
            if (punct(i, ',')) {
                i++;
                continue;
            }
            if (is(i, "NOWAIT") && i + 1 == tokens.size()) {
                tail = " NOWAIT";
                i++;
            }
            if (i != tokens.size()) {
                throw new IllegalArgumentException("the end of the statement"); // WAIT n, or words out of place
            }
            break;
        }
        String keyword = tokens.get(0).text() + " " + tokens.get(1).text() + " ";
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<String, List<String>> node : byNode.entrySet()) {
            routes.add(new Route(node.getKey(), keyword + String.join(", ", node.getValue()) + tail, true));
        }
        return new TableLocks(routes);
    }

    private static long onNode(CatalogTable table, String node) {
        return table.topology().locations().stream().filter(l -> l.node().equals(node)).count();
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private boolean identifier(int i) {
        return i < tokens.size() && tokens.get(i).isIdentifier();
    }

    private boolean punct(int i, char c) {
        return i < tokens.size() && tokens.get(i).isPunct(c);
    }

    private boolean is(int i, String word) {
        return i < tokens.size() && tokens.get(i).is(word);
    }
}
