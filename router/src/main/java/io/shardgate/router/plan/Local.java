package io.shardgate.router.plan;

import java.util.List;

/**
 * A statement the proxy answers or carries out itself, without running it on a backend as is: it knows the
 * answer ({@code SELECT @@version_comment}, {@code SHOW DATABASES}), or the statement changes the client
 * session or transaction, which the proxy manages across many backend connections.
 *
 * @param arguments per kind: {@link Kind#USE_SCHEMA} the schema; {@link Kind#KILL} the id then
 *     {@code CONNECTION} or {@code QUERY}; savepoint kinds the savepoint name; {@link Kind#BEGIN} its
 *     characteristics as written ({@code READ ONLY}, {@code WITH CONSISTENT SNAPSHOT}), possibly none
 * @param items for {@link Kind#SELECT_SYSTEM}: one per select-list item, in order
 */
public record Local(Kind kind, List<String> arguments, List<SystemItem> items) implements Plan {

    public enum Kind {
        /** {@code SELECT} of system variables and session functions only, no table. */
        SELECT_SYSTEM,
        SHOW_DATABASES,
        USE_SCHEMA,
        /** {@code SHOW WARNINGS}, {@code SHOW COUNT(*) WARNINGS}: about the last statement's backend(s). */
        SHOW_WARNINGS,
        SHOW_ERRORS,
        SHOW_PROCESSLIST,
        /**
         * {@code SHOW [GLOBAL|SESSION] VARIABLES ...}: the default node's answer with the proxy's own version
         * variables; arguments: the statement, then {@code primary} or {@code any}.
         */
        SHOW_VARIABLES,
        /** {@code EXPLAIN FORMAT=shardgate statement}: arguments are the lines of the statement's plan tree. */
        EXPLAIN_PLAN,
        KILL,
        BEGIN,
        COMMIT,
        ROLLBACK,
        SAVEPOINT,
        ROLLBACK_TO_SAVEPOINT,
        RELEASE_SAVEPOINT
    }

    public Local {
        arguments = List.copyOf(arguments);
        items = List.copyOf(items);
    }

    public static Local of(Kind kind, String... arguments) {
        return new Local(kind, List.of(arguments), List.of());
    }

    /**
     * One item of a system select.
     *
     * @param label the column name the client expects: the alias, else the item as written
     * @param variable true for {@code @@name}, false for a function call
     * @param scope {@code session}, {@code global} or null (a bare {@code @@name} reads the session value)
     * @param name the variable name without {@code @@} and scope ({@code version_comment}), or the function
     *     name upper-cased ({@code DATABASE}, {@code LAST_INSERT_ID})
     */
    public record SystemItem(String label, boolean variable, String scope, String name) {
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        StringBuilder line = Plan.line(out, indent).append("Local ").append(kind);
        if (!arguments.isEmpty()) {
            line.append(' ').append(arguments);
        }
        for (SystemItem item : items) {
            line.append(item.variable() ? " @@" + (item.scope() == null ? "" : item.scope() + ".") : " ")
                    .append(item.name()).append(item.variable() ? "" : "()").append(" AS `").append(item.label())
                    .append('`');
        }
        out.append('\n');
    }
}
