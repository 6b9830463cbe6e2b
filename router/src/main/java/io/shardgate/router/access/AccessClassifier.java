package io.shardgate.router.access;

import io.shardgate.router.sql.ShapeParser;
import io.shardgate.router.sql.ShapeTokens;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserTreeConstants;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Reads what a statement shape needs ({@link StatementAccess}): the planner's own tokens for the first word,
 * the planner's SQL parser (JSqlParser) for SELECT and DML, whose table names come from the parse tree as the
 * planner's do. DDL, SHOW and the rest are read by their words ({@link DdlAccess}, {@link ShowAccess}).
 *
 * <p>The reading errs towards refusing: a statement it cannot read is {@link StatementAccess.Kind#UNCHECKABLE},
 * a DML statement the parser cannot read counts every {@code a.b} as a table, a locking read counts as a write to
 * every table it reads, and a multi-table UPDATE as a write to every table of its table list. Each call parses;
 * {@link AccessCheck} caches the results per shape.
 */
public final class AccessClassifier {

    /** First words of statements that only touch the session (the planner refuses XA and SQL-level PREPARE). */
    private static final Set<String> SESSION_WORDS = Set.of("USE", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE",
            "UNLOCK", "KILL", "XA", "PREPARE", "EXECUTE", "DEALLOCATE");
    /** First words of statements about the server as a whole, with the privilege MySQL would ask for. */
    private static final Map<String, String> SERVER_WORDS = Map.ofEntries(
            Map.entry("GRANT", "GRANT OPTION"), Map.entry("REVOKE", "GRANT OPTION"), Map.entry("FLUSH", "RELOAD"),
            Map.entry("RESET", "RELOAD"), Map.entry("PURGE", "BINLOG ADMIN"), Map.entry("INSTALL", "SUPER"),
            Map.entry("UNINSTALL", "SUPER"), Map.entry("SHUTDOWN", "SHUTDOWN"), Map.entry("RESTART", "SHUTDOWN"),
            Map.entry("CHANGE", "SUPER"), Map.entry("STOP", "SUPER"), Map.entry("BINLOG", "SUPER"),
            Map.entry("CACHE", "SUPER"), Map.entry("CLONE", "BACKUP_ADMIN"), Map.entry("BACKUP", "RELOAD"),
            Map.entry("IMPORT", "SUPER"));
    /** What EXPLAIN may put between itself and the statement it explains. */
    private static final Set<String> STATEMENT_WORDS = Set.of("SELECT", "WITH", "INSERT", "REPLACE", "UPDATE",
            "DELETE", "TABLE", "VALUES");

    private static final Set<String> DELETE_MODIFIERS = Set.of("LOW_PRIORITY", "QUICK", "IGNORE", "HISTORY");

    private final ShapeParser parser = new ShapeParser();

    /** @param shape a normalized statement shape (see {@code Normalizer}) */
    public StatementAccess classify(String shape) {
        ShapeTokens tokens = ShapeTokens.of(shape);
        if (tokens.size() == 0) {
            return StatementAccess.session();
        }
        String first = tokens.firstWord();
        if (SESSION_WORDS.contains(first)) {
            return StatementAccess.session();
        }
        if (SERVER_WORDS.containsKey(first)) {
            return StatementAccess.server(SERVER_WORDS.get(first));
        }
        return switch (first) {
            case "SELECT", "WITH", "", "VALUES", "TABLE", "INSERT", "REPLACE", "UPDATE", "DELETE" -> parsed(shape, tokens);
            case "CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE" -> DdlAccess.classify(tokens, this);
            case "SHOW" -> ShowAccess.classify(tokens);
            case "DESC", "DESCRIBE", "EXPLAIN" -> explain(tokens);
            case "ANALYZE" -> analyze(tokens);
            case "OPTIMIZE", "REPAIR" -> StatementAccess.write("INSERT", tableList(tokens), List.of());
            case "CHECK", "CHECKSUM" -> StatementAccess.read(tableList(tokens));
            case "LOAD" -> load(tokens);
            case "LOCK" -> lock(tokens);
            case "CALL" -> routine("execute", Names.at(tokens, 1));
            case "HANDLER" -> StatementAccess.read(single(Names.at(tokens, 1)));
            case "DO", "HELP" -> StatementAccess.read(Names.qualified(tokens, 1));
            case "SET" -> set(tokens);
            case "BEGIN" -> tokens.size() > 1 && tokens.get(1).is("NOT")
                    ? StatementAccess.uncheckable("BEGIN NOT ATOMIC") : StatementAccess.session();
            case "START" -> tokens.size() > 1 && tokens.get(1).is("TRANSACTION")
                    ? StatementAccess.session() : StatementAccess.server("SUPER");
            default -> StatementAccess.uncheckable(first);
        };
    }

    /** The statement that starts at token {@code i} of {@code tokens}. */
    StatementAccess classifyFrom(ShapeTokens tokens, int i) {
        return i >= tokens.size() ? StatementAccess.session() : classify(tokens.shape().substring(tokens.get(i).start()));
    }

    // ---------------------------------------------------------------- SELECT and DML, parsed

    private StatementAccess parsed(String shape, ShapeTokens tokens) {
        boolean locking = Names.hasPair(tokens, "FOR", "UPDATE") || Names.hasPair(tokens, "FOR", "SHARE");
        boolean intoFile = Names.hasPair(tokens, "INTO", "OUTFILE") || Names.hasPair(tokens, "INTO", "DUMPFILE");
        ShapeParser.Parsed parsed;
        try {
            parsed = parser.parse(shape, tokens);
        } catch (JSQLParserException e) {
            return unparsed(tokens, locking, intoFile);
        }
        List<Table> all = new ArrayList<>();
        collectTables(parsed.root(), all);
        Statement statement = parsed.statement();
        List<Table> targets = switch (statement) {
            case Insert insert -> List.of(insert.getTable());
            case Upsert upsert -> List.of(upsert.getTable());
            case Update update -> updated(update);
            case Delete delete -> deleted(delete, all);
            default -> List.of();
        };
        List<Table> named = statement instanceof Delete d && d.getTables() != null ? d.getTables() : List.of();
        List<TableRef> reads = refs(all.stream().filter(t -> targets.stream().noneMatch(x -> x == t)
                && named.stream().noneMatch(x -> x == t)).toList());
        return switch (statement) {
            case Insert i -> StatementAccess.write("INSERT", refs(targets), reads);
            case Upsert u -> StatementAccess.write("INSERT", refs(targets), reads);
            case Update u -> StatementAccess.write("UPDATE", refs(targets), reads);
            case Delete d -> StatementAccess.write("DELETE", refs(targets), reads);
            case Select s when intoFile -> StatementAccess.server("FILE");
            case Select s when locking || parsed.lockInShareMode() ->
                    StatementAccess.write("SELECT with locking clause", reads, List.of());
            case Select s -> StatementAccess.read(reads);
            default -> StatementAccess.uncheckable(tokens.firstWord());
        };
    }

    /** The parser could not read it: the first words say what kind, every {@code a.b} counts as a table. */
    private static StatementAccess unparsed(ShapeTokens tokens, boolean locking, boolean intoFile) {
        List<TableRef> qualified = Names.qualified(tokens, 0);
        return switch (tokens.firstWord()) {
            case "INSERT", "REPLACE" -> StatementAccess.write("INSERT",
                    AccessClassifier.single(Names.at(tokens, skip(tokens, 1, "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY",
                            "IGNORE", "INTO"))), qualified);
            case "UPDATE" -> StatementAccess.write("UPDATE", namesBefore(tokens,
                    skip(tokens, 1, "LOW_PRIORITY", "IGNORE"), "SET"), qualified);
            case "DELETE" -> {
                // DELETE [modifiers] FROM t ..., DELETE t1, t2 FROM ...: every name up to and right after FROM
                int from = Names.find(tokens, 1, "FROM");
                List<TableRef> targets = new ArrayList<>(from < 0 ? List.of() : namesBefore(tokens, 1, "FROM"));
                targets.addAll(from < 0 ? List.of() : single(Names.at(tokens, from + 1)));
                yield targets.isEmpty() ? StatementAccess.uncheckable("DELETE")
                        : StatementAccess.write("DELETE", targets, qualified);
            }
            default -> intoFile ? StatementAccess.server("FILE")
                    : locking ? StatementAccess.write("SELECT with locking clause", qualified, List.of())
                    : StatementAccess.read(qualified);
        };
    }

    private static int skip(ShapeTokens tokens, int i, String... words) {
        while (i < tokens.size() && java.util.Arrays.stream(words).anyMatch(tokens.get(i)::is)) {
            i++;
        }
        return i;
    }

    /** The names from token {@code i} up to the first {@code stop} word at depth 0 (DELETE's modifiers are no names). */
    private static List<TableRef> namesBefore(ShapeTokens tokens, int i, String stop) {
        List<TableRef> names = new ArrayList<>();
        while (i < tokens.size() && !(tokens.get(i).is(stop) && tokens.get(i).depth() == 0)) {
            Names.At name = tokens.get(i).kind() == io.shardgate.router.sql.ShapeTokens.Kind.QUOTED
                    || tokens.get(i).kind() == io.shardgate.router.sql.ShapeTokens.Kind.WORD
                    && !DELETE_MODIFIERS.contains(tokens.get(i).text().toUpperCase(java.util.Locale.ROOT))
                    ? Names.at(tokens, i) : null;
            if (name != null) {
                names.add(name.ref());
                i = name.next();
            } else {
                i++;
            }
        }
        return names;
    }

    /** MySQL's UPDATE names its targets in its table list: every table there counts as written. */
    private static List<Table> updated(Update update) {
        List<Table> targets = new ArrayList<>();
        targets.add(update.getTable());
        joinedTables(update.getStartJoins(), targets);
        return targets;
    }

    /** {@code DELETE t1, a FROM t1 JOIN t2 AS a ...} names its targets, possibly by alias; else the one table. */
    private static List<Table> deleted(Delete delete, List<Table> all) {
        if (delete.getTables() == null || delete.getTables().isEmpty()) {
            return delete.getTable() == null ? List.of() : List.of(delete.getTable());
        }
        List<Table> targets = new ArrayList<>();
        for (Table named : delete.getTables()) {
            Table aliased = named.getSchemaName() != null ? null : all.stream()
                    .filter(t -> t.getAlias() != null && unquote(t.getAlias().getName()).equalsIgnoreCase(unquote(named.getName())))
                    .findFirst().orElse(null);
            targets.add(aliased != null ? aliased : named);
        }
        return targets;
    }

    private static void joinedTables(List<Join> joins, List<Table> into) {
        if (joins != null) {
            for (Join j : joins) {
                FromItem item = j.getFromItem();
                if (item instanceof Table t) {
                    into.add(t);
                }
            }
        }
    }

    /** Every table name in the parse tree, as the planner finds them (StatementTables). */
    private static void collectTables(SimpleNode node, List<Table> into) {
        if (node.getId() == CCJSqlParserTreeConstants.JJTTABLENAME && node.jjtGetValue() instanceof Table t) {
            into.add(t);
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            collectTables((SimpleNode) node.jjtGetChild(i), into);
        }
    }

    private static List<TableRef> refs(List<Table> tables) {
        Map<Table, Boolean> seen = new IdentityHashMap<>();
        List<TableRef> refs = new ArrayList<>();
        for (Table t : tables) {
            if (t != null && t.getName() != null && seen.put(t, Boolean.TRUE) == null) {
                TableRef ref = new TableRef(t.getSchemaName() == null ? null : unquote(t.getSchemaName()), unquote(t.getName()));
                if (!refs.contains(ref)) {
                    refs.add(ref);
                }
            }
        }
        return refs;
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

    // ---------------------------------------------------------------- statements read by their words

    /** {@code DESC t}, {@code EXPLAIN [FORMAT=x] stmt}: the explained statement is read, not run. */
    private StatementAccess explain(ShapeTokens tokens) {
        int i = 1;
        boolean analyze = false;
        while (i < tokens.size() && !isStatementStart(tokens.get(i))) {
            analyze |= tokens.get(i).is("ANALYZE");
            if (i == 1 && tokens.get(i).isIdentifier() && !tokens.get(i).is("FORMAT") && !tokens.get(i).is("EXTENDED")
                    && !tokens.get(i).is("PARTITIONS") && !tokens.get(i).is("ANALYZE") && !tokens.get(i).is("FOR")) {
                return StatementAccess.read(single(Names.at(tokens, 1))); // DESC [schema.]table [column]
            }
            i++;
        }
        if (i >= tokens.size()) {
            return StatementAccess.read(List.of()); // EXPLAIN FOR CONNECTION n
        }
        StatementAccess inner = classifyFrom(tokens, i);
        if (analyze) {
            return inner; // EXPLAIN ANALYZE runs the statement
        }
        List<TableRef> reads = new ArrayList<>(inner.reads());
        if (inner.kind() == StatementAccess.Kind.WRITE) {
            reads.addAll(inner.targets());
        }
        return inner.kind() == StatementAccess.Kind.WRITE || inner.kind() == StatementAccess.Kind.READ
                ? StatementAccess.read(reads) : inner;
    }

    private static boolean isStatementStart(ShapeTokens.Token t) {
        return t.isPunct('(') || STATEMENT_WORDS.stream().anyMatch(t::is);
    }

    /** {@code ANALYZE TABLE t} updates statistics (INSERT privilege, as MySQL); MariaDB's {@code ANALYZE stmt} runs it. */
    private StatementAccess analyze(ShapeTokens tokens) {
        int table = Names.find(tokens, 1, "TABLE", "TABLES");
        if (table > 0 && table <= 2) {
            return StatementAccess.write("INSERT", Names.list(tokens, table + 1), List.of());
        }
        for (int i = 1; i < tokens.size(); i++) {
            if (isStatementStart(tokens.get(i))) {
                return classifyFrom(tokens, i);
            }
        }
        return StatementAccess.uncheckable("ANALYZE");
    }

    /** OPTIMIZE / REPAIR / CHECK / CHECKSUM [NO_WRITE_TO_BINLOG | LOCAL] TABLE t1, t2. */
    private static List<TableRef> tableList(ShapeTokens tokens) {
        int table = Names.find(tokens, 1, "TABLE", "TABLES");
        return table < 0 ? List.of() : Names.list(tokens, table + 1);
    }

    /** LOAD DATA / XML [LOCAL] INFILE ... INTO TABLE t: an insert; without LOCAL it reads a server file (FILE). */
    private static StatementAccess load(ShapeTokens tokens) {
        if (tokens.size() > 1 && tokens.get(1).is("INDEX")) {
            return StatementAccess.server("SUPER"); // LOAD INDEX INTO CACHE
        }
        int infile = Names.find(tokens, 1, "INFILE");
        boolean local = infile > 0 && Names.find(tokens, 1, "LOCAL") >= 0 && Names.find(tokens, 1, "LOCAL") < infile;
        if (!local) {
            return StatementAccess.server("FILE");
        }
        int into = Names.find(tokens, infile, "INTO");
        int table = into < 0 ? -1 : into + 1 < tokens.size() && tokens.get(into + 1).is("TABLE") ? into + 2 : into + 1;
        return table < 0 ? StatementAccess.uncheckable("LOAD")
                : StatementAccess.write("INSERT", single(Names.at(tokens, table)), List.of());
    }

    /** LOCK TABLES t READ, u WRITE: any lock blocks other sessions' writes, so it needs write access. */
    private static StatementAccess lock(ShapeTokens tokens) {
        if (tokens.size() > 1 && tokens.get(1).is("INSTANCE")) {
            return StatementAccess.server("BACKUP_ADMIN");
        }
        int table = Names.find(tokens, 1, "TABLE", "TABLES");
        return table != 1 ? StatementAccess.uncheckable("LOCK")
                : StatementAccess.write("LOCK TABLES", Names.list(tokens, 2), List.of());
    }

    static StatementAccess routine(String verb, Names.At name) {
        return name == null ? StatementAccess.uncheckable(verb.toUpperCase(java.util.Locale.ROOT))
                : new StatementAccess(StatementAccess.Kind.ROUTINE, verb, List.of(name.ref()), List.of());
    }

    /**
     * SET of session variables is the session's business; of global ones, or passwords and roles, the server's;
     * MariaDB's {@code SET STATEMENT var=x FOR stmt} is the statement after FOR.
     */
    private StatementAccess set(ShapeTokens tokens) {
        if (tokens.size() > 1 && tokens.get(1).is("STATEMENT")) {
            int forAt = -1;
            for (int i = 2; i < tokens.size(); i++) {
                if (tokens.get(i).is("FOR") && tokens.get(i).depth() == 0) {
                    forAt = i;
                    break;
                }
            }
            return forAt < 0 ? StatementAccess.uncheckable("SET STATEMENT") : classifyFrom(tokens, forAt + 1);
        }
        for (int i = 1; i < tokens.size(); i++) {
            ShapeTokens.Token t = tokens.get(i);
            if (t.is("GLOBAL") || t.is("PERSIST") || t.is("PERSIST_ONLY") || t.is("@@GLOBAL") || t.is("@@PERSIST")
                    || t.is("@@PERSIST_ONLY")) {
                return StatementAccess.server("SUPER");
            }
        }
        if (tokens.size() > 1 && (tokens.get(1).is("PASSWORD") || tokens.get(1).is("ROLE")
                || tokens.get(1).is("DEFAULT") && tokens.size() > 2 && tokens.get(2).is("ROLE"))) {
            return StatementAccess.server("CREATE USER");
        }
        // SET @x = (SELECT ... FROM s.t) reads what it selects
        return Names.find(tokens, 1, "SELECT") >= 0 ? StatementAccess.read(Names.qualified(tokens, 1))
                : StatementAccess.session();
    }

    static List<TableRef> single(Names.At name) {
        return name == null ? List.of() : List.of(name.ref());
    }
}
