package io.shardgate.router.plan;

import io.shardgate.router.merge.Row;
import io.shardgate.router.sql.Literal;
import io.shardgate.router.sql.SqlMode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement whose WHERE clause holds uncorrelated subqueries over sharded tables: each subquery runs first
 * (a route, or a read tree of its own), then its rows are written into the statement as literals, and the
 * statement so written is planned and run as any other: an {@code IN} list on the shard key prunes shards.
 *
 * <p>What a subquery becomes, with MySQL's semantics kept (NULLs included):
 * <ul>
 *   <li>{@code IN} / {@code NOT IN}: the list of its values {@code (1, 2, NULL)}; no row: an empty subquery
 *       {@code (SELECT 1 FROM DUAL WHERE 1=0)}, for which IN is false and NOT IN true even for a NULL operand;</li>
 *   <li>a scalar ({@code = (SELECT ...)}, {@code > (SELECT ...)}): its value, NULL for no row; more than one row
 *       is error 1242;</li>
 *   <li>{@code ANY / SOME / ALL}: a subquery over the literals, {@code (SELECT 1 UNION ALL SELECT 2)};</li>
 *   <li>{@code EXISTS}: {@code (SELECT 1)} or the empty subquery.</li>
 * </ul>
 * Values are written as literals of their type: numbers as they are (a DOUBLE with an exponent, so that it reads
 * back as a DOUBLE), strings quoted for the session's sql_mode, bytes as {@code X'..'}, dates and times as
 * {@code DATE'..'} / {@code TIMESTAMP'..'} / {@code TIME'..'}. At most {@code subquery-inline-limit} rows are
 * inlined per subquery; more fail the statement (1235) rather than build a statement without bound.
 *
 * @param parts the statement's text around the subqueries: one more than there are subqueries
 * @param subqueries in text order
 * @param metadata the statement as written on the first shard of its tables, for a prepared statement's columns
 */
public record InlineSubqueries(List<String> parts, List<Subquery> subqueries, Route metadata) implements Plan {

    /** How a subquery's rows are written back. */
    public enum Use { IN_LIST, SCALAR, QUANTIFIED, EXISTS }

    /**
     * One subquery: its rows come from {@code plan}.
     *
     * @param semiJoin where an {@code IN_LIST} over the inline limit may become a {@link SemiJoin}; null if not
     */
    public record Subquery(Use use, ReadPlan plan, SemiJoinSite semiJoin) {

        public Subquery(Use use, ReadPlan plan) {
            this(use, plan, null);
        }
    }

    /**
     * An {@code x [NOT] IN (subquery)} or {@code (x, y) [NOT] IN (subquery)} in the outer WHERE's top-level AND
     * of a select from tables.
     *
     * @param columns {@code x} (and {@code y}) as written
     * @param conditionChars the length of {@code x [NOT] IN } at the end of the text before the subquery
     * @param selectEnd where the select list ends in the first part of the text, for {@code x} to be appended
     * @param planned the select is not a plain read (grouping, aggregate, DISTINCT, LIMIT): its filter must go
     *     below the rest of the plan ({@link SemiJoin#planned()})
     */
    public record SemiJoinSite(List<String> columns, boolean negated, int conditionChars, int selectEnd,
                               boolean planned) {

        public SemiJoinSite {
            columns = List.copyOf(columns);
        }
    }

    private static final String NO_ROW = "(SELECT 1 FROM DUAL WHERE 1=0)";
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    public InlineSubqueries {
        parts = List.copyOf(parts);
        subqueries = List.copyOf(subqueries);
        if (parts.size() != subqueries.size() + 1) {
            throw new IllegalArgumentException(parts.size() + " parts around " + subqueries.size() + " subqueries");
        }
    }

    /** The statement with every subquery's rows written in, or a refusal; no semi-join. */
    public Written write(List<List<Row>> rows, SqlMode mode, int inlineLimit) {
        return write(rows, mode, inlineLimit, 0);
    }

    /**
     * The statement with every subquery's rows written in, or a refusal. Each {@code IN} subquery over the
     * inline limit that may become a semi-join ({@link SemiJoinSite}) and has at most {@code semiJoinLimit} rows
     * is left out of the text and returned as part of a {@link SemiJoin} instead; several, or one in a statement
     * that is not a plain read, are filtered below the rest of the plan ({@link SemiJoin#planned()}).
     */
    public Written write(List<List<Row>> rows, SqlMode mode, int inlineLimit, int semiJoinLimit) {
        List<SemiJoin.Member> members = new ArrayList<>();
        boolean planned = false;
        for (int i = 0; i < subqueries.size(); i++) {
            Subquery s = subqueries.get(i);
            if (rows.get(i).size() > inlineLimit && s.use() != Use.EXISTS) {
                SemiJoinSite site = s.semiJoin();
                if (site == null || semiJoinLimit <= 0) {
                    return new Written(null, Reject.notSupported("a subquery across shards returning more than "
                            + inlineLimit + " rows (proxy.subquery-inline-limit)"));
                }
                if (rows.get(i).size() > semiJoinLimit) {
                    return new Written(null, Reject.notSupported("an IN subquery across shards returning more than "
                            + semiJoinLimit + " rows (proxy.max-semi-join-rows)"));
                }
                int width = site.columns().size();
                List<List<Object>> set = new ArrayList<>(rows.get(i).size());
                for (Row r : rows.get(i)) {
                    if (r.size() != width) {
                        return new Written(null, new Reject(1241, "21000", "Operand should contain " + width
                                + " column(s)"));
                    }
                    List<Object> value = new ArrayList<>(width);
                    for (int c = 0; c < width; c++) {
                        value.add(r.get(c));
                    }
                    set.add(value);
                }
                members.add(new SemiJoin.Member(set, width, site.negated()));
                planned |= site.planned();
            }
        }
        planned |= members.size() > 1;
        StringBuilder sql = new StringBuilder(parts.getFirst());
        StringBuilder hidden = new StringBuilder();
        int selectEnd = -1;
        for (int i = 0; i < subqueries.size(); i++) {
            List<Row> values = rows.get(i);
            Subquery s = subqueries.get(i);
            if (values.size() > inlineLimit && s.use() != Use.EXISTS) {
                SemiJoinSite site = s.semiJoin();
                for (String column : site.columns()) {
                    hidden.append(", ").append(column).append(planned ? " AS " + SemiJoin.KEY_ALIAS : "");
                }
                selectEnd = site.selectEnd();
                // the condition becomes TRUE: the filter over the merged rows decides it
                sql.setLength(sql.length() - site.conditionChars());
                sql.append('1').append(parts.get(i + 1));
                continue;
            }
            switch (s.use()) {
                case IN_LIST -> list(sql, values, mode);
                case SCALAR -> {
                    if (values.size() > 1) {
                        return new Written(null, new Reject(1242, "21000", "Subquery returns more than 1 row", null));
                    }
                    sql.append('(').append(values.isEmpty() ? "NULL" : value(values.getFirst(), mode)).append(')');
                }
                case QUANTIFIED -> {
                    if (values.isEmpty()) {
                        sql.append(NO_ROW);
                    } else {
                        sql.append('(');
                        for (int r = 0; r < values.size(); r++) {
                            sql.append(r == 0 ? "SELECT " : " UNION ALL SELECT ").append(value(values.get(r), mode));
                        }
                        sql.append(')');
                    }
                }
                case EXISTS -> sql.append(values.isEmpty() ? NO_ROW : "(SELECT 1)");
            }
            sql.append(parts.get(i + 1));
        }
        if (members.isEmpty()) {
            return new Written(sql.toString(), null, null);
        }
        sql.insert(selectEnd, hidden);
        return new Written(sql.toString(), null, new SemiJoin(members, planned));
    }

    private static void list(StringBuilder sql, List<Row> values, SqlMode mode) {
        if (values.isEmpty()) {
            sql.append(NO_ROW);
            return;
        }
        sql.append('(');
        for (int r = 0; r < values.size(); r++) {
            sql.append(r == 0 ? "" : ", ").append(value(values.get(r), mode));
        }
        sql.append(')');
    }

    /** One row as a value: a single column's literal, or a row constructor {@code (a, b)}. */
    private static String value(Row row, SqlMode mode) {
        if (row.size() == 1) {
            return literal(row.get(0), mode);
        }
        StringBuilder out = new StringBuilder("(");
        for (int c = 0; c < row.size(); c++) {
            out.append(c == 0 ? "" : ", ").append(literal(row.get(c), mode));
        }
        return out.append(')').toString();
    }

    /** A value of a result row as the literal a server reads back as the same value of the same type. */
    static String literal(Object v, SqlMode mode) {
        return switch (v) {
            case null -> "NULL";
            case Double d -> {
                String text = Double.toString(d);
                yield text.contains("E") ? text : text + "E0";
            }
            case Float f -> {
                String text = Double.toString(f.doubleValue());
                yield text.contains("E") ? text : text + "E0";
            }
            case LocalDate d -> "DATE'" + d + "'";
            case LocalDateTime t -> "TIMESTAMP'" + DATE_TIME.format(t) + "'";
            case Duration t -> "TIME'" + time(t) + "'";
            case Long l -> l.toString();
            case BigInteger b -> b.toString();
            case BigDecimal d -> d.toPlainString();
            default -> Literal.of(v, mode).text();
        };
    }

    private static String time(Duration t) {
        Duration abs = t.abs();
        return String.format("%s%d:%02d:%02d.%06d", t.isNegative() ? "-" : "", abs.toHours(), abs.toMinutesPart(),
                abs.toSecondsPart(), abs.toNanosPart() / 1000);
    }

    /**
     * The statement written, or why it cannot be.
     *
     * @param semiJoin the filter the written statement's rows go through; null for none
     */
    public record Written(String sql, Reject refusal, SemiJoin semiJoin) {

        Written(String sql, Reject refusal) {
            this(sql, refusal, null);
        }
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        StringBuilder line = Plan.line(out, indent).append("InlineSubqueries: ").append(parts.getFirst());
        for (int i = 0; i < subqueries.size(); i++) {
            line.append('{').append(i).append('}').append(parts.get(i + 1));
        }
        line.append('\n');
        for (int i = 0; i < subqueries.size(); i++) {
            Plan.line(out, indent + 1).append('{').append(i).append("} ").append(subqueries.get(i).use())
                    .append(", rows written in as literals:\n");
            subqueries.get(i).plan().describeTo(out, indent + 2);
        }
    }
}
