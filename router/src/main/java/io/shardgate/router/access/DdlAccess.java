package io.shardgate.router.access;

import io.shardgate.router.sql.ShapeTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CREATE, ALTER, DROP, RENAME and TRUNCATE, read by their words: which object kind, which names. Tables and views
 * are written with MySQL's privilege names as verbs (CREATE, ALTER, DROP, INDEX; TRUNCATE needs DROP and RENAME
 * ALTER, as in MySQL); databases and events are database-level; procedures and functions are routines; accounts,
 * servers and tablespaces are the server's. A {@code CREATE TABLE ... SELECT} or a view also reads its query's
 * tables.
 */
final class DdlAccess {

    /** Words that may stand between the verb and the object kind. */
    private static final Set<String> MODIFIERS = Set.of("OR", "REPLACE", "TEMPORARY", "UNIQUE", "FULLTEXT", "SPATIAL",
            "ONLINE", "OFFLINE", "IGNORE", "AGGREGATE", "SQL", "SECURITY", "DEFINER", "INVOKER", "ALGORITHM", "UNDEFINED",
            "MERGE", "TEMPTABLE", "NONEDITIONABLE", "EDITIONABLE");
    private static final Set<String> SERVER_OBJECTS = Set.of("USER", "ROLE", "SERVER", "TABLESPACE", "LOGFILE",
            "RESOURCE", "INSTANCE", "UNDO");

    private DdlAccess() {
    }

    static StatementAccess classify(ShapeTokens tokens, AccessClassifier classifier) {
        String verb = tokens.firstWord();
        if (verb.equals("TRUNCATE")) {
            int at = tokens.size() > 1 && tokens.get(1).is("TABLE") ? 2 : 1;
            return StatementAccess.write("DROP", AccessClassifier.single(Names.at(tokens, at)), List.of());
        }
        int kindAt = objectKind(tokens);
        if (kindAt < 0) {
            return StatementAccess.uncheckable(verb);
        }
        String kind = tokens.get(kindAt).text().toUpperCase(Locale.ROOT);
        if (SERVER_OBJECTS.contains(kind)) {
            return StatementAccess.server(kind.equals("USER") || kind.equals("ROLE") ? "CREATE USER" : "SUPER");
        }
        int nameAt = Names.skipIfExists(tokens, kindAt + 1);
        return switch (kind) {
            case "TABLE", "TABLES", "VIEW", "SEQUENCE" -> tables(tokens, verb, kind, nameAt, classifier);
            case "INDEX", "KEY" -> index(tokens, verb, nameAt);
            case "DATABASE", "SCHEMA" -> database(tokens, nameAt);
            case "PROCEDURE", "FUNCTION", "PACKAGE" -> Names.find(tokens, nameAt, "SONAME") >= 0
                    ? StatementAccess.server("INSERT") // a UDF from a shared library: mysql.func
                    : AccessClassifier.routine(verb.equals("CREATE") ? "create routine" : "alter routine",
                            Names.at(tokens, nameAt));
            case "TRIGGER" -> trigger(tokens, nameAt);
            case "EVENT" -> event(tokens, nameAt);
            default -> StatementAccess.uncheckable(verb + " " + kind);
        };
    }

    /** Index of the object-kind word: the first word after the verb that is no modifier (nor DEFINER's value). */
    private static int objectKind(ShapeTokens tokens) {
        int i = 1;
        while (i < tokens.size()) {
            ShapeTokens.Token t = tokens.get(i);
            if (t.is("DEFINER") || t.is("ALGORITHM")) {
                i = skipAssignment(tokens, i);
                continue;
            }
            if (t.kind() == ShapeTokens.Kind.WORD && !MODIFIERS.contains(t.text().toUpperCase(Locale.ROOT))) {
                return i;
            }
            if (t.kind() != ShapeTokens.Kind.WORD) {
                return -1;
            }
            i++;
        }
        return -1;
    }

    /** {@code DEFINER = `u`@`h`} / {@code DEFINER = CURRENT_USER()} / {@code ALGORITHM = MERGE}: to after the value. */
    private static int skipAssignment(ShapeTokens tokens, int i) {
        i++;
        if (i < tokens.size() && tokens.get(i).isPunct('=')) {
            i++;
        }
        while (i < tokens.size() && (tokens.get(i).kind() != ShapeTokens.Kind.WORD || tokens.get(i).text().startsWith("@")
                || tokens.get(i).is("CURRENT_USER") || tokens.get(i).is("CURRENT_ROLE") || tokens.get(i).is("MERGE")
                || tokens.get(i).is("UNDEFINED") || tokens.get(i).is("TEMPTABLE") || i + 1 < tokens.size()
                && tokens.get(i + 1).kind() == ShapeTokens.Kind.WORD && tokens.get(i + 1).text().startsWith("@"))) {
            i++;
        }
        return i;
    }

    private static StatementAccess tables(ShapeTokens tokens, String verb, String kind, int nameAt,
                                          AccessClassifier classifier) {
        List<TableRef> targets;
        List<TableRef> reads = new ArrayList<>();
        if (verb.equals("RENAME")) {
            targets = new ArrayList<>();
            for (int i = nameAt; i < tokens.size(); ) { // RENAME TABLE a TO b, c TO d
                Names.At name = tokens.get(i).is("TO") ? null : Names.at(tokens, i);
                if (name == null) {
                    i++;
                    continue;
                }
                targets.add(name.ref());
                i = name.next();
            }
            return StatementAccess.write("ALTER", targets, List.of());
        }
        targets = verb.equals("DROP") ? Names.list(tokens, nameAt) : AccessClassifier.single(Names.at(tokens, nameAt));
        if (verb.equals("CREATE")) {
            int like = Names.find(tokens, nameAt, "LIKE");
            if (like > 0) {
                reads.addAll(AccessClassifier.single(Names.at(tokens, like + 1)));
            }
            int select = firstQuery(tokens, nameAt);
            if (select > 0) {
                StatementAccess query = classifier.classifyFrom(tokens, select);
                reads.addAll(query.reads());
                reads.addAll(query.targets());
            }
        }
        String privilege = kind.equals("VIEW") ? verb + " VIEW" : verb;
        return StatementAccess.write(privilege, targets, reads);
    }

    /** The SELECT / WITH that starts a CREATE's query at parenthesis depth 0, or -1. */
    private static int firstQuery(ShapeTokens tokens, int from) {
        for (int i = from; i < tokens.size(); i++) {
            ShapeTokens.Token t = tokens.get(i);
            if (t.depth() == 0 && (t.is("SELECT") || t.is("WITH"))) {
                return i;
            }
        }
        return -1;
    }

    /** CREATE INDEX i ON t / DROP INDEX i ON t: the INDEX privilege on t. */
    private static StatementAccess index(ShapeTokens tokens, String verb, int nameAt) {
        int on = Names.find(tokens, nameAt, "ON");
        if (on < 0) {
            return StatementAccess.uncheckable(verb + " INDEX");
        }
        return StatementAccess.write("INDEX", AccessClassifier.single(Names.at(tokens, on + 1)), List.of());
    }

    /** CREATE / ALTER / DROP DATABASE [name]: ALTER DATABASE without a name means the current one. */
    private static StatementAccess database(ShapeTokens tokens, int nameAt) {
        Names.At name = Names.at(tokens, nameAt);
        String db = name == null || tokens.get(nameAt).is("CHARACTER") || tokens.get(nameAt).is("DEFAULT")
                || tokens.get(nameAt).is("COLLATE") || tokens.get(nameAt).is("CHARSET") ? null : name.ref().name();
        return new StatementAccess(StatementAccess.Kind.DATABASE, null, List.of(TableRef.database(db)), List.of());
    }

    /** CREATE TRIGGER tr BEFORE INSERT ON t: the TRIGGER privilege on t. */
    private static StatementAccess trigger(ShapeTokens tokens, int nameAt) {
        int on = Names.find(tokens, nameAt, "ON");
        Names.At trigger = Names.at(tokens, nameAt);
        List<TableRef> targets = on > 0 ? AccessClassifier.single(Names.at(tokens, on + 1))
                : trigger == null ? List.of() : List.of(trigger.ref()); // DROP TRIGGER [schema.]tr
        return targets.isEmpty() ? StatementAccess.uncheckable("TRIGGER") : StatementAccess.write("TRIGGER", targets, List.of());
    }

    /** Events belong to a database (the EVENT privilege is database-level in MySQL). */
    private static StatementAccess event(ShapeTokens tokens, int nameAt) {
        Names.At name = Names.at(tokens, nameAt);
        if (name == null) {
            return StatementAccess.uncheckable("EVENT");
        }
        return new StatementAccess(StatementAccess.Kind.DATABASE, "EVENT", List.of(TableRef.database(name.ref().schema())),
                List.of());
    }
}
