package io.shardgate.router.merge;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The aggregate functions, checked through both GROUP BY primitives: each case runs once as an
 * {@link OrderedAggregate} over an {@link OrderedMerge} of sorted shards and once as a
 * {@link HashAggregate} over the shards concatenated, and both must give the same groups.
 */
class AggregateTest {

    private static AggregateSpec agg(AggregateFunction f, int column) {
        return new AggregateSpec(f, column, -1, false, null);
    }

    /** Runs both modes; returns the ordered result (hash result must hold the same rows). */
    private static List<String> both(List<ColumnMeta> columns, List<Integer> groupBy, List<AggregateSpec> aggs,
                                     String[]... shards) {
        BiFunction<List<RowStream>, Boolean, RowStream> build = (inputs, ordered) -> {
            List<SortKey> order = groupBy.stream().map(c -> new SortKey(c, false)).toList();
            return ordered
                    ? new OrderedAggregate(new OrderedMerge(inputs, order), order, aggs)
                    : new HashAggregate(new Concatenation(inputs), groupBy, aggs);
        };
        List<String> ordered = FakeStream.drain(build.apply(streams(columns, shards), true));
        List<String> hashed = FakeStream.drain(build.apply(streams(columns, shards), false));
        assertThat(hashed).containsExactlyInAnyOrderElementsOf(ordered);
        return ordered;
    }

    private static List<RowStream> streams(List<ColumnMeta> columns, String[]... shards) {
        List<RowStream> out = new ArrayList<>();
        for (String[] rows : shards) {
            out.add(FakeStream.of(columns, rows));
        }
        return out;
    }

    @Test
    void countAndSumMergePartials() {
        List<ColumnMeta> columns = List.of(Columns.varchar("g"), Columns.count("count(*)"),
                Columns.decimal("sum(x)", 2));
        List<String> rows = both(columns, List.of(0),
                List.of(agg(AggregateFunction.COUNT, 1), agg(AggregateFunction.SUM, 2)),
                new String[] {"a|2|1.50", "b|1|NULL", "c|3|2.25"},
                new String[] {"A|1|0.50", "b|4|NULL"},
                new String[] {"c|1|-1.00"});

        assertThat(rows).containsExactly("a|3|2.00", "b|5|NULL", "c|4|1.25");
    }

    @Test
    void integerSumBecomesDecimalWithTheColumnsScale() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.decimal("sum(i)", 0));
        OrderedAggregate a = new OrderedAggregate(FakeStream.of(columns, "1|5", "1|7"),
                List.of(new SortKey(0, false)), List.of(agg(AggregateFunction.SUM, 1)));

        Row row = a.next();
        assertThat(row.get(1)).isEqualTo(new BigDecimal("12"));
        assertThat(a.columns().get(1).type()).isEqualTo(246);
    }

    @Test
    void minAndMaxFollowTheColumnsCollation() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.varchar("min(s)"), Columns.varchar("max(s)"),
                Columns.bigint("min(n)"));
        List<String> rows = both(columns, List.of(0),
                List.of(agg(AggregateFunction.MIN, 1), agg(AggregateFunction.MAX, 2), agg(AggregateFunction.MIN, 3)),
                new String[] {"1|b|b|5", "2|NULL|NULL|NULL"},
                new String[] {"1|Ä|Z|-3", "2|NULL|NULL|NULL"},
                new String[] {"1|c|y|NULL"});

        // general_ci: 'Ä' weighs 'A', below 'b'; 'Z' above 'y'
        assertThat(rows).containsExactly("1|Ä|Z|-3", "2|NULL|NULL|NULL");
    }

    @Test
    void avgDividesSummedPartialsByHiddenCountsWithFourMoreDecimals() {
        // avg(x) rewritten to sum(x) at column 1, hidden count(x) at column 2
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.decimal("avg(x)", 0),
                Columns.count("count(x)"));
        AggregateSpec avg = new AggregateSpec(AggregateFunction.AVG, 1, 2, false, null);
        List<String> rows = both(columns, List.of(0), List.of(avg),
                new String[] {"1|10|3", "2|NULL|0", "3|1|1"},
                new String[] {"1|1|1", "2|NULL|0", "3|1|2"});

        assertThat(rows).containsExactly("1|2.7500|4", "2|NULL|0", "3|0.6667|3");
    }

    @Test
    void avgNeedsItsCountColumn() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.decimal("avg(x)", 0));
        assertThatThrownBy(() -> new HashAggregate(FakeStream.of(columns), List.of(0),
                List.of(agg(AggregateFunction.AVG, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("countColumn");
    }

    @Test
    void distinctAggregatesDeduplicateValuesAcrossShards() {
        // shards return one row per (group, x); x in column 1 serves COUNT(DISTINCT x), SUM(DISTINCT x)
        // and AVG(DISTINCT x), each reading the same x column
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.integer("x"), Columns.integer("x2"),
                Columns.integer("x3"), Columns.count("count(*)"));
        List<AggregateSpec> aggs = List.of(
                new AggregateSpec(AggregateFunction.COUNT, 1, -1, true, null),
                new AggregateSpec(AggregateFunction.SUM, 2, -1, true, null),
                new AggregateSpec(AggregateFunction.AVG, 3, -1, true, null),
                agg(AggregateFunction.COUNT, 4));
        List<String> rows = both(columns, List.of(0), aggs,
                new String[] {"1|1|1|1|2", "1|2|2|2|1", "1|NULL|NULL|NULL|5"},
                new String[] {"1|2|2|2|3", "1|3|3|3|1", "2|7|7|7|1"},
                new String[] {"1|1|1|1|1"});

        // group 1: distinct x = {1, 2, 3}; count(*) sums every partial (2+1+5+3+1+1)
        assertThat(rows).containsExactly("1|3|6|2.0000|13", "2|1|7|7.0000|1");
    }

    @Test
    void groupConcatJoinsPartialsAndDistinctDeduplicates() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.varchar("group_concat(s)"),
                Columns.varchar("s"));
        List<AggregateSpec> aggs = List.of(
                new AggregateSpec(AggregateFunction.GROUP_CONCAT, 1, -1, false, ";"),
                new AggregateSpec(AggregateFunction.GROUP_CONCAT, 2, -1, true, ","));
        OrderedAggregate a = new OrderedAggregate(
                new Concatenation(List.of(FakeStream.of(columns, "1|a;b|x", "1|NULL|y"),
                        FakeStream.of(columns, "1|c|X", "1|d|z"))),
                List.of(new SortKey(0, false)), aggs);

        assertThat(FakeStream.drain(a)).containsExactly("1|a;b;c;d|x,y,z");
        assertThat(a.columns().get(2).type()).isEqualTo(AggregateTypes.TYPE_BLOB);
    }

    @Test
    void countDistinctOfSeveralColumnsCountsTuplesWithoutNullUnderTheirCollations() {
        // COUNT(DISTINCT a, b): a in column 1, b hidden in column 2; 'p' = 'P' under general_ci
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.integer("a"), Columns.varchar("b"));
        List<AggregateSpec> aggs = List.of(new AggregateSpec(AggregateFunction.COUNT, 1, -1, true, null,
                List.of(2), List.of()));
        List<String> rows = both(columns, List.of(0), aggs,
                new String[] {"1|1|p", "1|2|NULL", "1|NULL|q"},
                new String[] {"1|3|p", "1|1|P", "1|1|q", "2|5|r"});

        // (1, p) = (1, P), (3, p), (1, q); the rows with a NULL do not count
        assertThat(rows).containsExactly("1|3|p", "2|1|r");
    }

    @Test
    void orderedGroupConcatSortsTheValuesOfEachGroupAndRepeatsThemAsOftenAsTheShardsCounted() {
        // GROUP_CONCAT(s ORDER BY k DESC, s): s in column 1, k hidden in 2, repeat count hidden in 3
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.varchar("s"), Columns.integer("k"),
                Columns.count("count(*)"));
        List<AggregateSpec> aggs = List.of(new AggregateSpec(AggregateFunction.GROUP_CONCAT, 1, 3, false, "-",
                List.of(), List.of(new SortKey(2, true), new SortKey(1, false))));
        List<String> rows = both(columns, List.of(0), aggs,
                new String[] {"1|b|1|2", "1|a|3|1", "1|NULL|9|4", "2|z|0|1"},
                new String[] {"1|c|2|1", "1|B|3|1"});

        // the plain columns keep the group's first row (MySQL's any value); b came twice
        assertThat(rows).containsExactly("1|a-B-c-b-b|1|2", "2|z|0|1");
    }

    @Test
    void aNullGroupConcatSortKeyComparesAsItsTypesZeroAsMariadbDoes() {
        // MariaDB 10.11: GROUP_CONCAT(v ORDER BY k, id) over k = -5, NULL, 0, 7, NULL gives the NULLs between
        // -5 and 7, tied with 0 and ordered by id
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.varchar("v"), Columns.decimal("k", 2),
                Columns.bigint("id"));
        List<AggregateSpec> aggs = List.of(new AggregateSpec(AggregateFunction.GROUP_CONCAT, 1, -1, false, ",",
                List.of(), List.of(new SortKey(2, false), new SortKey(3, false))));
        List<String> rows = both(columns, List.of(0), aggs,
                new String[] {"1|a|-5.00|1", "1|b|NULL|2", "1|c|0.00|3"},
                new String[] {"1|d|7.00|4", "1|e|NULL|5"});

        assertThat(rows).extracting(r -> r.split("\\|")[1]).containsExactly("a,b,c,e,d");
    }

    @Test
    void distinctValuesOverTheBudgetFailWithOutOfSortMemory() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.integer("x"));
        List<AggregateSpec> aggs = List.of(new AggregateSpec(AggregateFunction.COUNT, 1, -1, true, null));
        HashAggregate within = new HashAggregate(FakeStream.of(columns, "1|1", "1|1", "2|2"), List.of(0), aggs, 2);
        assertThat(FakeStream.drain(within)).containsExactly("1|1", "2|1");

        HashAggregate over = new HashAggregate(FakeStream.of(columns, "1|1", "1|2", "2|3"), List.of(0), aggs, 2);
        assertThatThrownBy(over::next).isInstanceOf(RowStreamException.class)
                .hasMessageContaining("proxy.max-sort-rows")
                .satisfies(e -> assertThat(((RowStreamException) e).errorCode()).isEqualTo(1038));

        // a streamed group gives its values back when it ends: 2 per group stays within 2
        OrderedAggregate streamed = new OrderedAggregate(FakeStream.of(columns, "1|1", "1|2", "2|3", "2|4"),
                List.of(new SortKey(0, false)), aggs, 2);
        assertThat(FakeStream.drain(streamed)).containsExactly("1|2", "2|2");
    }

    @Test
    void withoutGroupByExactlyOneRowEvenForNoInput() {
        List<ColumnMeta> columns = List.of(Columns.count("count(*)"), Columns.decimal("sum(x)", 0),
                Columns.bigint("max(x)"), Columns.decimal("avg(x)", 0), Columns.count("count(x)"));
        List<AggregateSpec> aggs = List.of(agg(AggregateFunction.COUNT, 0), agg(AggregateFunction.SUM, 1),
                agg(AggregateFunction.MAX, 2), new AggregateSpec(AggregateFunction.AVG, 3, 4, false, null));

        OrderedAggregate empty = new OrderedAggregate(
                new Concatenation(List.of(FakeStream.of(columns), FakeStream.of(columns))), List.of(), aggs);
        assertThat(FakeStream.drain(empty)).containsExactly("0|NULL|NULL|NULL|0");

        HashAggregate emptyHash = new HashAggregate(FakeStream.of(columns), List.of(), aggs);
        assertThat(FakeStream.drain(emptyHash)).containsExactly("0|NULL|NULL|NULL|0");

        OrderedAggregate some = new OrderedAggregate(new Concatenation(List.of(
                FakeStream.of(columns, "2|7|5|7|2"), FakeStream.of(columns, "0|NULL|NULL|NULL|0"),
                FakeStream.of(columns, "1|3|9|3|1"))), List.of(), aggs);
        assertThat(FakeStream.drain(some)).containsExactly("3|10|9|3.3333|3");
    }

    @Test
    void orderedAggregateStreamsOneGroupAtATime() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.count("c"));
        FakeStream input = FakeStream.of(columns, "1|1", "1|1", "2|1", "3|1", "3|1", "3|1");
        OrderedAggregate a = new OrderedAggregate(input, List.of(new SortKey(0, false)),
                List.of(agg(AggregateFunction.COUNT, 1)));

        assertThat(FakeStream.text(a.next())).isEqualTo("1|2");
        assertThat(input.returned()).isEqualTo(3);   // the group plus the first row of the next
        assertThat(FakeStream.text(a.next())).isEqualTo("2|1");
        assertThat(input.returned()).isEqualTo(4);
        assertThat(FakeStream.text(a.next())).isEqualTo("3|3");
        assertThat(a.next()).isNull();
    }

    @Test
    void orderedAggregateRaisesWhenGroupsArriveOutOfOrder() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.count("c"));
        OrderedAggregate a = new OrderedAggregate(FakeStream.of(columns, "2|1", "1|1"),
                List.of(new SortKey(0, false)), List.of(agg(AggregateFunction.COUNT, 1)));

        assertThatThrownBy(a::next).isInstanceOf(RowStreamException.class)
                .hasMessageContaining("GROUP BY").hasMessageContaining("out of the expected order");
    }

    @Test
    void descendingGroupOrderIsFollowed() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.count("c"));
        List<SortKey> desc = List.of(new SortKey(0, true));
        OrderedAggregate a = new OrderedAggregate(new OrderedMerge(List.of(
                FakeStream.of(columns, "3|1", "1|1"), FakeStream.of(columns, "3|2", "2|1")), desc),
                desc, List.of(agg(AggregateFunction.COUNT, 1)));

        assertThat(FakeStream.drain(a)).containsExactly("3|3", "2|1", "1|1");
    }

    @Test
    void groupKeysUseTheCollationAndNullsFormOneGroup() {
        List<ColumnMeta> columns = List.of(Columns.varchar("g"), Columns.count("c"));
        List<String> rows = both(columns, List.of(0), List.of(agg(AggregateFunction.COUNT, 1)),
                new String[] {"NULL|1", "a|1", "b |1"},
                new String[] {"NULL|2", "A|1", "b|1"},
                new String[] {"á|1"});

        assertThat(rows).containsExactly("NULL|3", "a|3", "b |2");
    }

    @Test
    void hashAggregateClosesItsInputOnceRead() {
        List<ColumnMeta> columns = List.of(Columns.bigint("g"), Columns.count("c"));
        FakeStream input = FakeStream.of(columns, "1|1", "2|1");
        HashAggregate a = new HashAggregate(input, List.of(0), List.of(agg(AggregateFunction.COUNT, 1)));

        assertThat(FakeStream.text(a.next())).isEqualTo("1|1");
        assertThat(input.closed()).isTrue();
        assertThat(FakeStream.text(a.next())).isEqualTo("2|1");
        assertThat(a.next()).isNull();
    }

    @Test
    void doubleSumsStayDoubles() {
        List<ColumnMeta> columns = List.of(Columns.dbl("sum(f)"));
        OrderedAggregate a = new OrderedAggregate(FakeStream.of(columns, "1.5", "2.25"), List.of(),
                List.of(agg(AggregateFunction.SUM, 0)));

        assertThat(a.next().get(0)).isEqualTo(3.75);
        assertThat(a.columns().getFirst().type()).isEqualTo(AggregateTypes.TYPE_DOUBLE);
    }

    @Test
    void sumOfDistinctDatetimesAddsThemAsNumbersAsMysqlDoes() {
        List<ColumnMeta> columns = List.of(Columns.datetime("t"));
        OrderedAggregate a = new OrderedAggregate(FakeStream.of(columns, "2024-01-01 00:00:00",
                "2024-01-01 00:00:00", "2025-12-31 23:59:58"), List.of(),
                List.of(new AggregateSpec(AggregateFunction.SUM, 0, -1, true, null)));

        // 20240101000000 + 20251231235958, the first value once
        assertThat(a.next().get(0)).isEqualTo(new BigDecimal("40491332235958"));
        assertThat(a.columns().getFirst().type()).isEqualTo(AggregateTypes.TYPE_NEWDECIMAL);
    }
}
