package io.shardgate.router.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.config.StrategyParams;
import io.shardgate.router.strategy.ShardStrategy.Bound;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangeStrategyTest {

    /** [0,100) [100,200) [200,300) [300,400) */
    private final RangeStrategy sized = RangeStrategy.of("id", new StrategyParams.Range(100L, null), 4);
    /** [-50,0) [0,10) [10,1000) */
    private final RangeStrategy explicit = RangeStrategy.of("id", new StrategyParams.Range(null, List.of(-50L, 0L, 10L, 1000L)), 3);

    private static Bound incl(Object v) {
        return new Bound(v, true);
    }

    private static Bound excl(Object v) {
        return new Bound(v, false);
    }

    @Test
    void rangeSizeGivesEqualRanges() {
        assertThat(sized.shardOf(0L)).isZero();
        assertThat(sized.shardOf(99L)).isZero();
        assertThat(sized.shardOf(100L)).isEqualTo(1);
        assertThat(sized.shardOf(399L)).isEqualTo(3);
        assertThat(sized.shardOf("250")).isEqualTo(2);
        assertThat(sized.shardOf(new BigDecimal("99.99"))).isZero();
        assertThat(sized.shardOf(new BigInteger("150"))).isEqualTo(1);
    }

    @Test
    void explicitBoundaries() {
        assertThat(explicit.shardOf(-50L)).isZero();
        assertThat(explicit.shardOf(-1L)).isZero();
        assertThat(explicit.shardOf(new BigDecimal("-0.5"))).isZero();
        assertThat(explicit.shardOf(0L)).isEqualTo(1);
        assertThat(explicit.shardOf(999L)).isEqualTo(2);
    }

    @Test
    void valuesOutsideEveryRangeNameColumnAndValue() {
        assertThatThrownBy(() -> sized.shardOf(400L)).isInstanceOf(NoShardException.class)
                .hasMessage("no shard for id = 400: outside [0, 400)");
        assertThatThrownBy(() -> sized.shardOf(-1L)).hasMessageStartingWith("no shard for id = -1");
        assertThatThrownBy(() -> sized.shardOf(new BigInteger("99999999999999999999999")))
                .hasMessageStartingWith("no shard for id = 99999999999999999999999");
        assertThatThrownBy(() -> explicit.shardOf("-51")).hasMessageStartingWith("no shard for id = '-51'");
        assertThatThrownBy(() -> sized.shardOf("abc")).hasMessage("no shard for id = 'abc': the range strategy needs a number");
    }

    @Test
    void nullLivesOnShardZero() {
        assertThat(sized.shardOf(null)).isZero();
    }

    @Test
    void betweenPrunesToTheTouchedShards() {
        assertThat(sized.shardsFor(incl(150L), incl(250L))).isEqualTo(ShardSet.between(4, 1, 2));
        assertThat(sized.shardsFor(incl(100L), incl(199L))).isEqualTo(ShardSet.of(4, 1));
        assertThat(sized.shardsFor(incl(0L), incl(399L))).isEqualTo(ShardSet.all(4));
    }

    @Test
    void exclusiveUpperBoundAtABoundaryStopsBeforeIt() {
        assertThat(sized.shardsFor(incl(0L), excl(200L))).isEqualTo(ShardSet.between(4, 0, 1));
        assertThat(sized.shardsFor(incl(0L), incl(200L))).isEqualTo(ShardSet.between(4, 0, 2));
        assertThat(sized.shardsFor(null, excl(new BigDecimal("200.5")))).isEqualTo(ShardSet.between(4, 0, 2));
        assertThat(sized.shardsFor(null, excl(new BigDecimal("199.5")))).isEqualTo(ShardSet.between(4, 0, 1));
    }

    @Test
    void lowerBoundKeepsItsOwnShardEvenWhenExclusive() {
        // k > 99 may be 99.5 on a DECIMAL column, which shard 0 holds
        assertThat(sized.shardsFor(excl(99L), null)).isEqualTo(ShardSet.all(4));
        assertThat(sized.shardsFor(incl(100L), null)).isEqualTo(ShardSet.between(4, 1, 3));
        assertThat(sized.shardsFor(excl(100L), null)).isEqualTo(ShardSet.between(4, 1, 3));
    }

    @Test
    void openEndsAndRangesReachingOutsideAreClipped() {
        assertThat(sized.shardsFor(null, incl(150L))).isEqualTo(ShardSet.between(4, 0, 1));
        assertThat(sized.shardsFor(incl(-1000L), incl(50L))).isEqualTo(ShardSet.of(4, 0));
        assertThat(sized.shardsFor(incl(350L), incl(100_000L))).isEqualTo(ShardSet.of(4, 3));
        assertThat(sized.shardsFor(null, null)).isEqualTo(ShardSet.all(4));
    }

    @Test
    void rangesEntirelyOutsideOrEmptyGiveNoShard() {
        assertThat(sized.shardsFor(incl(400L), null)).isEqualTo(ShardSet.none(4));
        assertThat(sized.shardsFor(null, excl(0L))).isEqualTo(ShardSet.none(4));
        assertThat(sized.shardsFor(incl(300L), incl(100L))).isEqualTo(ShardSet.none(4));
    }

    @Test
    void nonNumericBoundsCannotPrune() {
        assertThat(sized.shardsFor(incl("abc"), incl(150L))).isEqualTo(ShardSet.all(4));
    }

    @Test
    void stringBoundsThatAreNumbersPrune() {
        assertThat(explicit.shardsFor(incl("5"), incl("20"))).isEqualTo(ShardSet.between(3, 1, 2));
    }

    @Test
    void configMistakesAreExplained() {
        assertThatThrownBy(() -> RangeStrategy.of("id", new StrategyParams.Range(null, List.of(0L, 10L)), 3))
                .hasMessage("range strategy on id: 2 boundaries for 3 shards (need 4)");
        assertThatThrownBy(() -> RangeStrategy.of("id", new StrategyParams.Range(null, List.of(0L, 10L, 5L)), 2))
                .hasMessageContaining("must increase");
        assertThatThrownBy(() -> RangeStrategy.of("id", new StrategyParams.Range(0L, null), 2))
                .hasMessageContaining("range-size > 0");
    }
}
