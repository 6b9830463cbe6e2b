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

    /**
     * The words after {@code shardgate} in a {@code /*+ shardgate ... *}{@code /} comment: {@code node=<name>},
     * {@code primary} (or {@code master}); anything else is an error, not ignored.
     */
    static Hints parse(String words) {
        String node = null;
        boolean primary = false;
        String error = null;
        for (String w : words.trim().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            String lower = w.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("primary") || lower.equals("master")) {
                primary = true;
            } else if (lower.startsWith("node=") && w.length() > 5) {
                node = w.substring(5);
            } else {
                error = "unknown shardgate hint '" + w + "' (known: node=<name>, primary)";
            }
        }
        return new Hints(node, primary, error);
    }

    public boolean isNone() {
        return node == null && !primary && error == null;
    }
}
