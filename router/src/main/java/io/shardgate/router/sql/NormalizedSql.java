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

    /**
     * The shape with each slot filled with the text of the literal at the same position: the statement to run
     * once a prepared statement's parameters are bound (comments dropped and whitespace collapsed, as in the
     * shape).
     */
    public String render(List<Literal> values) {
        int[] slots = SqlTemplateBuilder.slotOffsets(shape);
        StringBuilder out = new StringBuilder(shape.length() + 16 * slots.length);
        int copied = 0;
        for (int i = 0; i < slots.length; i++) {
            out.append(shape, copied, slots[i]).append(values.get(i).text());
            copied = slots[i] + 1;
        }
        return out.append(shape, copied, shape.length()).toString();
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
