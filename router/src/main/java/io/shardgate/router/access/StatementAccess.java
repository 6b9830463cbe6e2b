package io.shardgate.router.access;

import java.util.List;

/**
 * What a statement needs to be allowed: what it reads, what it changes and how, as far as the proxy can tell from
 * its text. Built by {@link AccessClassifier}, judged by {@link AccessCheck} against a user's grants.
 *
 * @param kind the class of statement
 * @param verb for {@link Kind#WRITE}: MySQL's name of the privilege it needs, as its 1142 message says it
 *     ({@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code CREATE}, {@code ALTER}, {@code DROP}, {@code INDEX},
 *     {@code LOCK TABLES}, {@code SELECT with locking clause}); for {@link Kind#SERVER} the privilege
 *     ({@code FILE}, {@code SUPER} ...); for {@link Kind#UNCHECKABLE} the statement's first word
 * @param targets what a write changes: tables, or databases for {@link Kind#DATABASE}, the routine for
 *     {@link Kind#ROUTINE}
 * @param reads tables (and, from SHOW, databases) the statement reads
 */
public record StatementAccess(Kind kind, String verb, List<TableRef> targets, List<TableRef> reads) {

    public enum Kind {
        /** Transaction control, SET of session variables, USE: nothing to check (USE checks the schema itself). */
        SESSION,
        /** Reads {@code reads}. */
        READ,
        /** Changes {@code targets} (rows, table definitions or locks), and reads {@code reads}. */
        WRITE,
        /** Creates, alters or drops the databases in {@code targets}. */
        DATABASE,
        /** CALL: runs the routine in {@code targets}, which may change anything in its schema. */
        ROUTINE,
        /** Acts on the server as a whole (accounts, global variables, files, replication): never for a restricted user. */
        SERVER,
        /** A statement whose effect the proxy cannot read from its text (compound blocks, unknown commands). */
        UNCHECKABLE
    }

    public StatementAccess {
        targets = List.copyOf(targets);
        reads = List.copyOf(reads);
    }

    static StatementAccess session() {
        return new StatementAccess(Kind.SESSION, null, List.of(), List.of());
    }

    static StatementAccess read(List<TableRef> reads) {
        return new StatementAccess(Kind.READ, null, List.of(), reads);
    }

    static StatementAccess write(String verb, List<TableRef> targets, List<TableRef> reads) {
        return new StatementAccess(Kind.WRITE, verb, targets, reads);
    }

    static StatementAccess server(String privilege) {
        return new StatementAccess(Kind.SERVER, privilege, List.of(), List.of());
    }

    static StatementAccess uncheckable(String firstWord) {
        return new StatementAccess(Kind.UNCHECKABLE, firstWord, List.of(), List.of());
    }
}
