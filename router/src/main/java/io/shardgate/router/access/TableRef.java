package io.shardgate.router.access;

/**
 * A table (or routine, or database) a statement names.
 *
 * @param schema the qualifier as written, or null for the session's current schema
 * @param name the object's name; null when the object is the schema itself ({@code DROP DATABASE s})
 */
public record TableRef(String schema, String name) {

    public static TableRef database(String name) {
        return new TableRef(name, null);
    }

    public boolean isDatabase() {
        return name == null;
    }

    /** The schema the reference means for a session whose current schema is {@code current} (may be null). */
    public String schemaIn(String current) {
        return schema != null ? schema : current;
    }
}
