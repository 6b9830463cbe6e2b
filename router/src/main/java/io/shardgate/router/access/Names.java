package io.shardgate.router.access;

import io.shardgate.router.sql.ShapeTokens;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads object names from a statement's tokens, for the statements the SQL parser is not asked about (DDL, SHOW,
 * LOCK, LOAD ...) and as the fallback when it fails: {@code name}, {@code schema.name}, backticked or not.
 */
final class Names {

    /** A name read at some token, and the index of the token after it. */
    record At(TableRef ref, int next) {
    }

    private Names() {
    }

    /** The name starting at token {@code i}, or null when there is none. */
    static At at(ShapeTokens tokens, int i) {
        if (i >= tokens.size() || !tokens.get(i).isIdentifier()) {
            return null;
        }
        String first = tokens.get(i).identifier();
        if (i + 2 < tokens.size() && tokens.get(i + 1).isPunct('.') && tokens.get(i + 2).isIdentifier()) {
            return new At(new TableRef(first, tokens.get(i + 2).identifier()), i + 3);
        }
        return new At(new TableRef(null, first), i + 1);
    }

    /** {@code IF EXISTS} / {@code IF NOT EXISTS} at {@code i} skipped. */
    static int skipIfExists(ShapeTokens tokens, int i) {
        if (i < tokens.size() && tokens.get(i).is("IF")) {
            i++;
            if (i < tokens.size() && tokens.get(i).is("NOT")) {
                i++;
            }
            if (i < tokens.size() && tokens.get(i).is("EXISTS")) {
                i++;
            }
        }
        return i;
    }

    /**
     * A comma-separated list of names from {@code i} ({@code t1, s.t2}); each item may be followed by words up to
     * the next top-level comma ({@code t1 AS a READ}), which are skipped.
     */
    static List<TableRef> list(ShapeTokens tokens, int i) {
        List<TableRef> names = new ArrayList<>();
        while (i < tokens.size()) {
            At name = at(tokens, i);
            if (name == null) {
                break;
            }
            names.add(name.ref());
            i = name.next();
            while (i < tokens.size() && !(tokens.get(i).isPunct(',') && tokens.get(i).depth() == 0)) {
                i++;
            }
            i++;
        }
        return names;
    }

    /**
     * Every {@code a.b} in the tokens from {@code from}, taken as schema {@code a}, table {@code b}: the
     * conservative reading of a statement the parser could not read (a qualified column {@code alias.col} then counts
     * as a table of schema {@code alias}, which can only refuse too much, never too little).
     */
    static List<TableRef> qualified(ShapeTokens tokens, int from) {
        List<TableRef> refs = new ArrayList<>();
        for (int i = from; i + 2 < tokens.size(); i++) {
            if (tokens.get(i).isIdentifier() && tokens.get(i + 1).isPunct('.') && tokens.get(i + 2).isIdentifier()
                    && (i == 0 || !tokens.get(i - 1).isPunct('.'))) {
                refs.add(new TableRef(tokens.get(i).identifier(), tokens.get(i + 2).identifier()));
            }
        }
        return refs;
    }

    /** Index of the first token at or after {@code from} that is one of {@code words} (at any depth), or -1. */
    static int find(ShapeTokens tokens, int from, String... words) {
        for (int i = Math.max(0, from); i < tokens.size(); i++) {
            for (String w : words) {
                if (tokens.get(i).is(w)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** True when the words {@code a b} follow each other somewhere in the tokens. */
    static boolean hasPair(ShapeTokens tokens, String a, String b) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).is(a) && tokens.get(i + 1).is(b)) {
                return true;
            }
        }
        return false;
    }
}
