package io.shardgate.router.sql;

import java.util.List;

/**
 * A statement split into its shape and its values.
 *
 * @param original the text as the client sent it (pass-through routes send it unchanged)
 * @param shape the text with every literal replaced by {@code ?}, comments removed (the content of
 *     {@code /*! ... *}{@code /} kept, optimizer hints {@code /*+ ... *}{@code /} kept verbatim), whitespace
 *     runs collapsed to one space and trailing {@code ;} dropped; the plan cache key
 * @param literals one per {@code ?} of the shape, in order
 * @param hints shardgate routing hints found in comments
 */
public record NormalizedSql(String original, String shape, List<Literal> literals, Hints hints) {

    public NormalizedSql {
        literals = List.copyOf(literals);
    }

    /** Client placeholders ({@code ?} in the original text) of a prepared statement. */
    public int parameterCount() {
        int count = 0;
        for (Literal l : literals) {
            if (l.isParameter()) {
                count++;
            }
        }
        return count;
    }
}
