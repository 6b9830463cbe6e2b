package io.shardgate.router.access;

import io.shardgate.router.sql.ShapeTokens;
import java.util.List;
import java.util.Set;

/**
 * SHOW reads metadata: of a database ({@code SHOW TABLES FROM db}, {@code SHOW CREATE DATABASE db}) or of a table
 * ({@code SHOW COLUMNS FROM t [FROM db]}, {@code SHOW CREATE TABLE db.t}). Other SHOW statements (status, variables,
 * warnings, processlist ...) read nothing of a schema.
 */
final class ShowAccess {

    private static final Set<String> TABLE_LEVEL = Set.of("COLUMNS", "FIELDS", "INDEX", "INDEXES", "KEYS");
    private static final Set<String> CREATE_OBJECTS = Set.of("TABLE", "VIEW", "PROCEDURE", "FUNCTION", "TRIGGER",
            "EVENT", "SEQUENCE", "PACKAGE");

    private ShowAccess() {
    }

    static StatementAccess classify(ShapeTokens tokens) {
        if (tokens.size() > 2 && tokens.get(1).is("CREATE")) {
            ShapeTokens.Token kind = tokens.get(2);
            int nameAt = Names.skipIfExists(tokens, 3);
            Names.At name = Names.at(tokens, nameAt);
            if (name == null) {
                return StatementAccess.read(List.of());
            }
            if (kind.is("DATABASE") || kind.is("SCHEMA")) {
                return StatementAccess.read(List.of(TableRef.database(name.ref().name())));
            }
            return CREATE_OBJECTS.stream().anyMatch(kind::is) ? StatementAccess.read(List.of(name.ref()))
                    : StatementAccess.read(List.of());
        }
        int from = fromOrIn(tokens, 1);
        if (from < 0) {
            return StatementAccess.read(List.of());
        }
        boolean tableLevel = false;
        for (int i = 1; i < from; i++) {
            tableLevel |= TABLE_LEVEL.stream().anyMatch(tokens.get(i)::is);
        }
        Names.At name = Names.at(tokens, from + 1);
        if (name == null) {
            return StatementAccess.read(List.of());
        }
        if (!tableLevel) {
            return StatementAccess.read(List.of(TableRef.database(name.ref().name())));
        }
        int db = fromOrIn(tokens, name.next());
        Names.At schema = db < 0 ? null : Names.at(tokens, db + 1);
        TableRef table = schema == null ? name.ref() : new TableRef(schema.ref().name(), name.ref().name());
        return StatementAccess.read(List.of(table));
    }

    private static int fromOrIn(ShapeTokens tokens, int start) {
        for (int i = start; i < tokens.size(); i++) {
            if (tokens.get(i).depth() == 0 && (tokens.get(i).is("FROM") || tokens.get(i).is("IN"))) {
                return i;
            }
            if (tokens.get(i).is("LIKE") || tokens.get(i).is("WHERE")) {
                return -1;
            }
        }
        return -1;
    }
}
