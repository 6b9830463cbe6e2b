package io.shardgate.router.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * The client-visible metadata of merged aggregate columns: what one MySQL server would report for the
 * same query, given the metadata of the shards' partial column (measured on MariaDB 10.11; MySQL 8 agrees
 * on type and decimals):
 * <ul>
 *   <li>COUNT, COUNT(DISTINCT): BIGINT (type 8), decimals 0, NOT NULL, binary collation.
 *   <li>SUM, SUM(DISTINCT): DECIMAL (246) for integer and decimal arguments with the argument's decimals
 *       (0 for integers); DOUBLE (5) for FLOAT/DOUBLE with their decimals (31 = not fixed); DOUBLE
 *       decimals 31 for anything else (strings, dates). The shard's partial SUM already has this type, so
 *       the rule is idempotent.
 *   <li>AVG: from the partial SUM (or x for AVG(DISTINCT x)): DECIMAL with decimals + 4
 *       (div_precision_increment), at most 30 (MySQL's maximum scale; MariaDB allows 38); DOUBLE with
 *       decimals + 4 (31 stays 31).
 *   <li>MIN, MAX: the column's own type; nullable.
 *   <li>GROUP_CONCAT: the shard's GROUP_CONCAT column, nullable; GROUP_CONCAT(DISTINCT x), where the
 *       shards return x itself, becomes BLOB (252) in x's collation; for non-text x (numbers) the server
 *       uses the connection's result collation, assumed here to be utf8mb4_general_ci (45).
 * </ul>
 * Where this differs from a single server: the column length (display width) is not modeled here (the
 * proxy derives it when it re-encodes the definition, e.g. 21 for COUNT); UNSIGNED is dropped from SUM
 * and AVG as MySQL does; a server-side {@code div_precision_increment} other than 4 is not seen. SUM and AVG
 * (DISTINCT) of dates and times are DECIMAL with the column's fractional digits, as the server types them:
 * the merge adds them as numbers (2025-01-01 = 20250101, see {@link NumericValues#toBigDecimal}).
 */
public final class AggregateTypes {

    public static final int TYPE_DECIMAL = 0;
    public static final int TYPE_DOUBLE = 5;
    public static final int TYPE_LONGLONG = 8;
    public static final int TYPE_NEWDECIMAL = 246;
    public static final int TYPE_BLOB = 252;

    /** The result collation assumed for GROUP_CONCAT(DISTINCT x) over non-text x (the server uses the
     *  connection's result collation, which the partial column does not carry). */
    public static final int UTF8MB4_GENERAL_CI = 45;

    /** Decimals value meaning "not fixed" (FLOAT/DOUBLE without a declared scale). */
    public static final int NOT_FIXED_DECIMALS = 31;
    /** MySQL's DECIMAL_MAX_SCALE. */
    public static final int MAX_DECIMAL_SCALE = 30;
    /** MySQL's default div_precision_increment: AVG and division add this many decimals. */
    public static final int DIV_PRECISION_INCREMENT = 4;

    private AggregateTypes() {
    }

    /** The metadata a client sees for an aggregate column whose shard partials have {@code partial}. */
    public static ColumnMeta clientColumn(AggregateSpec spec, ColumnMeta partial) {
        return switch (spec.function()) {
            case COUNT -> countColumn(partial.name());
            case SUM -> switch (argumentKind(partial)) {
                case EXACT -> new ColumnMeta(partial.name(), TYPE_NEWDECIMAL, ColumnMeta.FLAG_BINARY,
                        exactDecimals(partial), Collations.BINARY_ID);
                case FLOATING -> new ColumnMeta(partial.name(), TYPE_DOUBLE, ColumnMeta.FLAG_BINARY,
                        partial.decimals(), Collations.BINARY_ID);
                case OTHER -> new ColumnMeta(partial.name(), TYPE_DOUBLE, ColumnMeta.FLAG_BINARY,
                        NOT_FIXED_DECIMALS, Collations.BINARY_ID);
            };
            case AVG -> switch (argumentKind(partial)) {
                case EXACT -> new ColumnMeta(partial.name(), TYPE_NEWDECIMAL, ColumnMeta.FLAG_BINARY,
                        Math.min(exactDecimals(partial) + DIV_PRECISION_INCREMENT, MAX_DECIMAL_SCALE),
                        Collations.BINARY_ID);
                case FLOATING -> new ColumnMeta(partial.name(), TYPE_DOUBLE, ColumnMeta.FLAG_BINARY,
                        Math.min(partial.decimals() + DIV_PRECISION_INCREMENT, NOT_FIXED_DECIMALS),
                        Collations.BINARY_ID);
                case OTHER -> new ColumnMeta(partial.name(), TYPE_DOUBLE, ColumnMeta.FLAG_BINARY,
                        NOT_FIXED_DECIMALS, Collations.BINARY_ID);
            };
            case MIN, MAX -> nullable(partial);
            case GROUP_CONCAT -> spec.rawValues()
                    ? new ColumnMeta(partial.name(), TYPE_BLOB, 0, 0,
                    ValueOrder.isTextType(partial.type()) ? partial.collationId() : UTF8MB4_GENERAL_CI)
                    : nullable(partial);
        };
    }

    /** COUNT's metadata, also used for AVG's hidden partial-count column. */
    public static ColumnMeta countColumn(String name) {
        return new ColumnMeta(name, TYPE_LONGLONG, ColumnMeta.FLAG_NOT_NULL | ColumnMeta.FLAG_BINARY, 0,
                Collations.BINARY_ID);
    }

    /**
     * The merged stream's columns: the input's, with each aggregate column (and AVG's hidden count column)
     * replaced by its client-visible metadata.
     */
    public static List<ColumnMeta> clientColumns(List<ColumnMeta> input, List<AggregateSpec> aggregates) {
        List<ColumnMeta> out = new ArrayList<>(input);
        for (AggregateSpec spec : aggregates) {
            out.set(spec.column(), clientColumn(spec, input.get(spec.column())));
            if (spec.function() == AggregateFunction.AVG && spec.countColumn() >= 0) {
                out.set(spec.countColumn(), countColumn(input.get(spec.countColumn()).name()));
            }
        }
        return List.copyOf(out);
    }

    /** Whether SUM/AVG over this column add exact decimals (true) or doubles (false). */
    static boolean addsDecimals(ColumnMeta partial) {
        return argumentKind(partial) == Kind.EXACT;
    }

    private enum Kind { EXACT, FLOATING, OTHER }

    private static Kind argumentKind(ColumnMeta c) {
        return switch (c.type()) {
            // DECIMAL, TINY, SHORT, LONG, LONGLONG, INT24, YEAR, BIT, NEWDECIMAL; TIMESTAMP, DATE, TIME,
            // DATETIME, NEWDATE (only SUM/AVG(DISTINCT) see them: the shards return the values themselves)
            case 0, 1, 2, 3, 8, 9, 13, 16, 246, 7, 10, 11, 12, 14 -> Kind.EXACT;
            case 4, 5 -> Kind.FLOATING;
            default -> Kind.OTHER;
        };
    }

    private static int exactDecimals(ColumnMeta c) {
        return switch (c.type()) {
            case TYPE_NEWDECIMAL, TYPE_DECIMAL -> c.decimals();
            // a temporal value adds as a number with its fractional seconds: 20250101100000.125
            case 7, 11, 12 -> c.decimals() > 6 ? 0 : c.decimals();
            default -> 0;
        };
    }

    private static ColumnMeta nullable(ColumnMeta c) {
        return new ColumnMeta(c.name(), c.type(), c.flags() & ~ColumnMeta.FLAG_NOT_NULL, c.decimals(),
                c.collationId());
    }
}
