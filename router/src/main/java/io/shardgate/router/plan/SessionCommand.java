package io.shardgate.router.plan;

import java.util.List;

/**
 * A {@code SET} statement, parsed so that the proxy can record the assignments in the client session and
 * replay them on every backend connection it binds to that session.
 *
 * @param sql the statement as the client wrote it (literals and all), for a backend that must run it
 */
public record SessionCommand(List<Assignment> assignments, String sql) implements Plan {

    public SessionCommand {
        assignments = List.copyOf(assignments);
    }

    public enum Scope {
        /** {@code SET x = 1}, {@code SET SESSION x}, {@code SET @@x}, {@code SET @@session.x}. */
        SESSION,
        /** {@code SET @x = 1}: a user variable. */
        USER,
        /** {@code SET NAMES cs [COLLATE c]}: value holds everything after NAMES. */
        NAMES,
        /** {@code SET CHARACTER SET cs} / {@code SET CHARSET cs}. */
        CHARACTER_SET,
        /**
         * {@code SET [SESSION] TRANSACTION ...}: name is {@code transaction_isolation} or
         * {@code transaction_read_only}; {@code SET TRANSACTION} without SESSION only applies to the next
         * transaction, which {@link Assignment#nextTransactionOnly()} says.
         */
        TRANSACTION
    }

    /**
     * @param name lower-cased variable name without {@code @}/{@code @@} and scope prefixes
     * @param value the value expression as written ({@code 'STRICT_TRANS_TABLES'}, {@code 1}, {@code DEFAULT},
     *     {@code utf8mb4 COLLATE utf8mb4_bin}); for TRANSACTION the level or {@code ON}/{@code OFF}
     */
    public record Assignment(Scope scope, String name, String value, boolean nextTransactionOnly) {

        public Assignment(Scope scope, String name, String value) {
            this(scope, name, value, false);
        }
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        StringBuilder line = Plan.line(out, indent).append("SessionCommand");
        for (Assignment a : assignments) {
            line.append(' ').append(a.scope()).append(' ').append(a.name()).append('=').append(a.value());
            if (a.nextTransactionOnly()) {
                line.append(" (next transaction)");
            }
            line.append(';');
        }
        out.append('\n');
    }
}
