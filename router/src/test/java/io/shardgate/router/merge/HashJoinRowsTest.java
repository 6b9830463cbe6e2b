package io.shardgate.router.merge;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashJoinRowsTest {

    /** customers: id, name. */
    private static final List<ColumnMeta> BUILD = List.of(Columns.integer("id"), Columns.varchar("name"));
    /** orders: order_id, user_id (a DECIMAL here: equal by value to the INT id). */
    private static final List<ColumnMeta> PROBE = List.of(Columns.bigint("order_id"), Columns.decimal("user_id", 1));
    /** order_id, name. */
    private static final List<HashJoinRows.Output> OUT = List.of(new HashJoinRows.Output(false, 0),
            new HashJoinRows.Output(true, 1));

    private static HashJoinRows join(FakeStream build, FakeStream probe, boolean left, long max) {
        return HashJoinRows.open(build, () -> probe, List.of(0), List.of(1), left, OUT, max);
    }

    @Test
    void innerJoinMatchesNumbersByValueAndNeverNull() {
        FakeStream build = FakeStream.of(BUILD, "1|ann", "2|bob", "2|bea", "NULL|nobody");
        FakeStream probe = FakeStream.of(PROBE, "10|1.0", "11|2", "12|3", "13|NULL");

        assertThat(FakeStream.drain(join(build, probe, false, 100))).containsExactly("10|ann", "11|bob", "11|bea");
    }

    @Test
    void leftJoinKeepsUnmatchedProbeRowsWithNullsAndDropsNotNull() {
        List<ColumnMeta> notNull = List.of(Columns.integer("id"),
                new ColumnMeta("name", 253, ColumnMeta.FLAG_NOT_NULL, 0, Columns.UTF8MB4_GENERAL_CI));
        FakeStream build = FakeStream.of(notNull, "1|ann");
        FakeStream probe = FakeStream.of(PROBE, "10|1", "12|3", "13|NULL");
        HashJoinRows joined = HashJoinRows.open(build, () -> probe, List.of(0), List.of(1), true, OUT, 100);

        assertThat(joined.columns().get(1).flags() & ColumnMeta.FLAG_NOT_NULL).isZero();
        assertThat(FakeStream.drain(joined)).containsExactly("10|ann", "12|NULL", "13|NULL");
    }

    @Test
    void stringKeysCompareUnderTheCollation() {
        List<ColumnMeta> build = List.of(Columns.varchar("code"), Columns.varchar("name"));
        List<ColumnMeta> probe = List.of(Columns.bigint("order_id"), Columns.varchar("country"));
        HashJoinRows joined = HashJoinRows.open(FakeStream.of(build, "de|Germany"),
                () -> FakeStream.of(probe, "1|DE ", "2|fr"), List.of(0), List.of(1), false, OUT, 100);

        assertThat(FakeStream.drain(joined)).containsExactly("1|Germany");
    }

    @Test
    void theProbeSideOpensOnlyAfterTheBuildSideEnded() {
        AtomicBoolean buildDone = new AtomicBoolean();
        FakeStream build = FakeStream.of(BUILD, "1|ann");
        HashJoinRows joined = HashJoinRows.open(new RowStream() {
            @Override
            public List<ColumnMeta> columns() {
                return BUILD;
            }

            @Override
            public Row next() {
                Row r = build.next();
                buildDone.set(r == null);
                return r;
            }

            @Override
            public void close() {
                build.close();
            }
        }, () -> {
            assertThat(buildDone).isTrue();
            return FakeStream.of(PROBE, "10|1");
        }, List.of(0), List.of(1), false, OUT, 100);

        assertThat(FakeStream.drain(joined)).containsExactly("10|ann");
    }

    @Test
    void moreBuildRowsThanTheBudgetFailWith1038NamingTheSetting() {
        FakeStream build = FakeStream.of(BUILD, "1|a", "2|b", "3|c");

        assertThatThrownBy(() -> join(build, FakeStream.of(PROBE), false, 2))
                .isInstanceOfSatisfying(RowStreamException.class, e -> assertThat(e.errorCode()).isEqualTo(1038))
                .hasMessageContaining("proxy.max-join-rows");
    }

    @Test
    void aStringKeyAgainstANumberIsRefusedRatherThanComparedDifferently() {
        List<ColumnMeta> build = List.of(Columns.varchar("id"), Columns.varchar("name"));

        assertThatThrownBy(() -> HashJoinRows.open(FakeStream.of(build, "1|a"), () -> FakeStream.of(PROBE, "10|1"),
                List.of(0), List.of(1), false, OUT, 100))
                .isInstanceOfSatisfying(RowStreamException.class, e -> assertThat(e.errorCode()).isEqualTo(1235));
    }

    @Test
    void aResidualConditionDecidesMatchingAndAProbeRowNoPairPassesIsExtendedWithNulls() {
        FakeStream build = FakeStream.of(BUILD, "1|ann", "1|amy", "2|bob");
        FakeStream probe = FakeStream.of(PROBE, "10|1", "11|2", "12|3");
        // the joined row is order_id, name: match only names that are not 'ann' (order 11 matches nothing)
        RowPredicate notAnnNorBob = row -> !"ann".equals(row.get(1)) && !"bob".equals(row.get(1));
        HashJoinRows left = HashJoinRows.open(build, () -> probe, List.of(0), List.of(1), true, OUT, notAnnNorBob,
                100);

        assertThat(FakeStream.drain(left)).containsExactly("10|amy", "11|NULL", "12|NULL");
    }

    @Test
    void aResidualConditionInAnInnerJoinDropsThePairsItRejects() {
        FakeStream build = FakeStream.of(BUILD, "1|ann", "1|amy", "2|bob");
        FakeStream probe = FakeStream.of(PROBE, "10|1", "11|2");
        RowPredicate notAnn = row -> !"ann".equals(row.get(1));
        HashJoinRows inner = HashJoinRows.open(build, () -> probe, List.of(0), List.of(1), false, OUT, notAnn, 100);

        assertThat(FakeStream.drain(inner)).containsExactly("10|amy", "11|bob");
    }

    @Test
    void aRestOutputTakesEveryColumnOfItsSideFromItsStart() {
        FakeStream build = FakeStream.of(BUILD, "1|ann");
        FakeStream probe = FakeStream.of(PROBE, "10|1", "12|3");
        List<HashJoinRows.Output> out = List.of(new HashJoinRows.Output(false, 0, true),
                new HashJoinRows.Output(true, 1, true), new HashJoinRows.Output(true, 0));
        HashJoinRows joined = HashJoinRows.open(build, () -> probe, List.of(0), List.of(1), true, out, 100);

        assertThat(joined.columns()).extracting(ColumnMeta::name).containsExactly("order_id", "user_id", "name", "id");
        assertThat(FakeStream.drain(joined)).containsExactly("10|1|ann|1", "12|3|NULL|NULL");
    }
}
