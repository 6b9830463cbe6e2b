package io.shardgate.proxy.metrics;

/** What a statement does, read from the first word of its shape: the {@code type} label of the query metrics. */
public enum StatementKind {
    SELECT, INSERT, UPDATE, DELETE, OTHER;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind of a normalized shape (comments gone, whitespace collapsed); null counts as OTHER. */
    public static StatementKind of(String shape) {
        if (shape == null) {
            return OTHER;
        }
        int i = 0;
        while (i < shape.length() && (shape.charAt(i) == '(' || shape.charAt(i) == ' ')) {
            i++;
        }
        if (starts(shape, i, "SELECT") || starts(shape, i, "WITH") || starts(shape, i, "TABLE")
                || starts(shape, i, "VALUES")) {
            return SELECT;
        }
        if (starts(shape, i, "INSERT") || starts(shape, i, "REPLACE")) {
            return INSERT;
        }
        if (starts(shape, i, "UPDATE")) {
            return UPDATE;
        }
        if (starts(shape, i, "DELETE")) {
            return DELETE;
        }
        return OTHER;
    }

    /** A keyword at {@code at}, followed by a non-letter (so {@code SELECTED} is not {@code SELECT}). */
    static boolean starts(String shape, int at, String keyword) {
        int end = at + keyword.length();
        return shape.regionMatches(true, at, keyword, 0, keyword.length())
                && (end == shape.length() || !Character.isLetterOrDigit(shape.charAt(end)) && shape.charAt(end) != '_');
    }
}
