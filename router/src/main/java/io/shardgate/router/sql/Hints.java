package io.shardgate.router.sql;

/**
 * Routing hints written as comments, which the {@link Normalizer} takes out of the text:
 * {@code /*+ shardgate node=ds1 *}{@code /} pins the statement to a node, {@code /*master*}{@code /} and
 * {@code /*+ shardgate primary *}{@code /} force the primary even for a read outside a transaction.
 *
 * @param node the pinned node, or null
 * @param primary true when the statement must run on the primary
 * @param error a malformed shardgate hint, described; null when every hint was understood. The planner
 *     rejects such a statement rather than route it somewhere the author did not mean.
 */
public record Hints(String node, boolean primary, String error) {

    public static final Hints NONE = new Hints(null, false, null);

    public boolean isNone() {
        return node == null && !primary && error == null;
    }
}
