package io.shardgate.config;

/**
 * One schema a user may use, from the user's {@code schemas:} list: a plain name ({@code shop}) or a mapping
 * ({@code {name: reports, read-only: true}}).
 *
 * @param schema the logical schema, as written (matched case-insensitively)
 * @param readOnly the user may read this schema but not change it
 */
public record SchemaGrant(String schema, boolean readOnly) {

    public boolean covers(String name) {
        return schema.equalsIgnoreCase(name);
    }
}
