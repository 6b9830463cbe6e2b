package io.shardgate.router.planner;

import io.shardgate.router.sql.ShapeTokens;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * Where the clauses of a SELECT stand in its shape, for the scatter rewrite's edits: the LIMIT and ORDER BY to
 * replace, where a new ORDER BY or GROUP BY goes.
 */
record ClausePositions(PlainSelect ps, StatementTables tables, ShapeTokens tokens, String shape) {

    /** [start of LIMIT, end of its last value), or null. */
    int[] limitRange() {
        int at = tokens.find(0, "LIMIT", 0);
        if (at < 0) {
            return null;
        }
        int end = at + 1;
        while (end < tokens.size() && (tokens.get(end).kind() == ShapeTokens.Kind.SLOT
                || tokens.get(end).kind() == ShapeTokens.Kind.NUMBER || tokens.get(end).isPunct(',')
                || tokens.get(end).is("OFFSET") || tokens.get(end).isPunct('-'))) {
            end++;
        }
        return new int[] {tokens.get(at).start(), tokens.get(end - 1).end()};
    }

    /** [start of ORDER BY, end of its last key), or null. */
    int[] orderRange() {
        if (ps.getOrderByElements() == null || ps.getOrderByElements().isEmpty()) {
            return null;
        }
        int at = -1;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).depth() == 0 && tokens.get(i).is("ORDER") && tokens.get(i + 1).is("BY")) {
                at = i;
            }
        }
        OrderByElement last = ps.getOrderByElements().getLast();
        int end = tables.end(last.getExpression());
        int next = tokens.indexAt(end + 1);
        if (next >= 0 && (tokens.get(next).is("ASC") || tokens.get(next).is("DESC"))) {
            end = tokens.get(next).end();
        }
        return new int[] {tokens.get(at).start(), end};
    }

    /** [start of the WINDOW clause, end of its last definition), or null. */
    int[] windowRange() {
        int at = tokens.find(0, "WINDOW", 0);
        if (at < 0 || ps.getWindowDefinitions() == null || ps.getWindowDefinitions().isEmpty()) {
            return null;
        }
        int last = at;
        for (int i = at + 1; i < tokens.size(); i++) {
            ShapeTokens.Token t = tokens.get(i);
            if (t.depth() == 0 && (t.is("ORDER") || t.is("LIMIT") || t.is("FOR") || t.is("LOCK"))) {
                break;
            }
            last = i;
        }
        return new int[] {tokens.get(at).start(), tokens.get(last).end()};
    }

    /** Where a new ORDER BY goes: before LIMIT, FOR UPDATE / LOCK IN SHARE MODE, or at the end. */
    int orderInsertPoint() {
        for (String word : new String[] {"LIMIT", "FOR", "LOCK"}) {
            int at = tokens.find(0, word, 0);
            if (at >= 0) {
                return spaceBefore(tokens.get(at).start());
            }
        }
        return shape.length();
    }

    /** A clause removed with the space in front of it leaves no double space. */
    int spaceBefore(int offset) {
        return offset > 0 && shape.charAt(offset - 1) == ' ' ? offset - 1 : offset;
    }

    /** End of the FROM clause and WHERE: where a new GROUP BY goes. */
    int fromEnd() {
        int end = tables.end(ps.getFromItem());
        if (ps.getJoins() != null) {
            for (Object j : ps.getJoins()) {
                end = Math.max(end, tables.end(j));
            }
        }
        if (ps.getWhere() != null) {
            end = Math.max(end, tables.end(ps.getWhere()));
        }
        return end;
    }

    /**
     * Where the {@code BINARY} before an ORDER BY key starts, or -1: the parser was given the shape with it
     * blanked ({@link io.shardgate.router.sql.ShapeParser}), so the key it sees is the column alone.
     */
    int binaryKeyword(Expression key) {
        int before = tables.hasPosition(key) ? tokens.indexBefore(tables.start(key)) : -1;
        return before >= 0 && tokens.get(before).depth() == 0 && tokens.get(before).is("BINARY")
                ? tokens.get(before).start() : -1;
    }

    /** Whether an ORDER BY key is {@code BINARY x}. */
    boolean binaryOrder() {
        return ps.getOrderByElements() != null
                && ps.getOrderByElements().stream().anyMatch(o -> binaryKeyword(o.getExpression()) >= 0);
    }

    static String unquoteString(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
            char q = s.charAt(0);
            return s.substring(1, s.length() - 1).replace("" + q + q, "" + q).replace("\\\\", "\\");
        }
        return s;
    }
}
