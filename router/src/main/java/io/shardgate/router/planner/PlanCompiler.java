package io.shardgate.router.planner;

import io.shardgate.router.plan.Reject;
import io.shardgate.router.sql.ShapeParser;
import io.shardgate.router.sql.ShapeTokens;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a statement shape into a {@link PlanTemplate}: the plan-cache miss path. The first word picks the
 * compiler; SQL JSqlParser cannot read passes through to the default node unless it names a sharded or
 * broadcast table, in which case it is refused (a pass-through would silently touch one shard or one copy).
 */
public final class PlanCompiler {

    private static final Logger LOG = LoggerFactory.getLogger(PlanCompiler.class);
    private static final Set<String> READS = Set.of("SELECT", "SHOW", "DESC", "DESCRIBE", "EXPLAIN", "WITH", "HELP");

    private final ShardCatalog catalog;
    private final ShapeParser parser = new ShapeParser();

    public PlanCompiler(ShardCatalog catalog) {
        this.catalog = catalog;
    }

    /** Statements parsed so far. */
    public long parses() {
        return parser.parses();
    }

    ShardCatalog catalog() {
        return catalog;
    }

    ShapeParser.Parsed parse(String shape, ShapeTokens tokens) throws JSQLParserException {
        return parser.parse(shape, tokens);
    }

    /**
     * @param schema the session's current schema (part of the cache key: it decides which tables are sharded)
     */
    public PlanTemplate compile(String shape, String schema) {
        if (shape.isEmpty()) {
            return PlanTemplate.fixed(new Reject(1065, "42000", "Query was empty"));
        }
        ShapeTokens tokens = ShapeTokens.of(shape);
        String first = tokens.firstWord();
        if (first.equals("BEGIN") && tokens.size() > 1 && tokens.get(1).is("NOT")) {
            return unparsed(tokens, schema, null); // MariaDB's BEGIN NOT ATOMIC ... END block, no transaction
        }
        try {
            return switch (first) {
                case "SELECT", "WITH", "" -> SelectCompiler.compile(parse(shape, tokens), tokens, schema, this);
                case "INSERT", "REPLACE" -> InsertCompiler.compile(parse(shape, tokens), tokens, schema, this);
                case "UPDATE", "DELETE" -> WriteCompiler.compile(parse(shape, tokens), tokens, schema, catalog);
                case "CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME" -> new DdlCompiler(tokens, schema, catalog).compile();
                case "SET", "USE", "BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "KILL", "XA",
                     "PREPARE", "EXECUTE", "DEALLOCATE" -> SessionCompiler.compile(first, tokens, schema, catalog);
                case "SHOW", "DESC", "DESCRIBE", "EXPLAIN" -> new ShowCompiler(this, tokens, schema).compile();
                case "LOCK", "UNLOCK" -> new LockTablesCompiler(tokens, schema, this).compile();
                default -> unparsed(tokens, schema, null);
            };
        } catch (JSQLParserException e) {
            return unparsed(tokens, schema, e);
        } catch (PlanException e) {
            return PlanTemplate.fixed(e.reject());
        } catch (RuntimeException e) {
            LOG.warn("cannot plan {}", shape, e);
            return PlanTemplate.fixed(Reject.notSupported("this statement: shardgate cannot plan it (an internal "
                    + "error; the proxy's log has the details)"));
        }
    }

    /** A statement read only by its words: pass-through unless it names a sharded or broadcast table. */
    PlanTemplate unparsed(ShapeTokens tokens, String schema, JSQLParserException failure) {
        CatalogTable named = mentionedTable(tokens, schema);
        if (named != null) {
            String why = failure == null ? "this statement" : "a statement shardgate's SQL parser does not understand";
            return PlanTemplate.fixed(Reject.notSupported(why + " on " + (named.broadcast() ? "broadcast" : "sharded")
                    + " table " + named.name()));
        }
        return new PassThrough(catalog.defaultNode(schema), READS.contains(tokens.firstWord()));
    }

    /** The first sharded or broadcast table the statement's words name ({@code orders}, {@code shop.orders}). */
    CatalogTable mentionedTable(ShapeTokens tokens, String schema) {
        for (int i = 0; i < tokens.size(); i++) {
            ShapeTokens.Token t = tokens.get(i);
            if (!t.isIdentifier()) {
                continue;
            }
            if (i + 2 < tokens.size() && tokens.get(i + 1).isPunct('.') && tokens.get(i + 2).isIdentifier()) {
                CatalogTable qualified = catalog.table(t.identifier(), tokens.get(i + 2).identifier());
                if (qualified != null) {
                    return qualified;
                }
            }
            boolean afterDot = i > 0 && tokens.get(i - 1).isPunct('.');
            CatalogTable plain = afterDot ? null : catalog.table(schema, t.identifier());
            if (plain != null) {
                return plain;
            }
        }
        return null;
    }
}
