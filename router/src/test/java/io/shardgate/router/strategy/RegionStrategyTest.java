package io.shardgate.router.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.config.StrategyParams;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegionStrategyTest {

    private final Map<String, Integer> regions = Map.of("north", 0, "south", 1, "east", 2, "West", 3, "7", 2);

    @Test
    void listedValuesIgnoringCaseAndTrailingSpaces() {
        RegionStrategy s = new RegionStrategy("region", new StrategyParams.Region(regions, null), 4);
        assertThat(s.shardOf("north")).isZero();
        assertThat(s.shardOf("SOUTH")).isEqualTo(1);
        assertThat(s.shardOf("west")).isEqualTo(3);
        assertThat(s.shardOf("East  ")).isEqualTo(2);
        assertThat(s.shardOf(7L)).isEqualTo(2);
    }

    @Test
    void listedValuesUnderUtf8mb4GeneralCiIgnoringAccents() {
        RegionStrategy s = new RegionStrategy("region", new StrategyParams.Region(regions, 1), 4);
        assertThat(s.shardOf("ÉAST")).isEqualTo(2); // 'ÉAST' = 'east' on the server
        assertThat(s.shardOf("éast ")).isEqualTo(2);
        assertThat(s.shardOf("Wèst")).isEqualTo(3);
        assertThat(s.shardOf("nörth")).isZero();
        assertThat(s.shardOf("eest")).isEqualTo(1); // a different word stays unlisted: the default shard
        assertThat(s.shardOf(" 7")).isEqualTo(2); // a string that is a number compares as the number
    }

    @Test
    void valuesEqualUnderTheCollationAreOneRegion() {
        assertThatThrownBy(() -> new RegionStrategy("region",
                new StrategyParams.Region(Map.of("east", 1, "ÉAST", 2), null), 4))
                .hasMessageContaining("is listed for shards").hasMessageContaining("utf8mb4_general_ci");
        RegionStrategy same = new RegionStrategy("region", new StrategyParams.Region(Map.of("east", 1, "ÉAST", 1), null), 4);
        assertThat(same.shardOf("EAST")).isEqualTo(1);
    }

    @Test
    void unknownValueWithoutDefaultFails() {
        RegionStrategy s = new RegionStrategy("region", new StrategyParams.Region(regions, null), 4);
        assertThatThrownBy(() -> s.shardOf("mars")).isInstanceOf(NoShardException.class)
                .hasMessage("no shard for region = 'mars': not a listed region and no default-shard");
    }

    @Test
    void unknownValueGoesToDefault() {
        RegionStrategy s = new RegionStrategy("region", new StrategyParams.Region(regions, 3), 4);
        assertThat(s.shardOf("mars")).isEqualTo(3);
        assertThat(s.shardOf(null)).isEqualTo(3);
    }

    @Test
    void rangesAreAllShards() {
        RegionStrategy s = new RegionStrategy("region", new StrategyParams.Region(regions, null), 4);
        assertThat(s.shardsFor(null, new ShardStrategy.Bound("m", true))).isEqualTo(ShardSet.all(4));
    }

    @Test
    void shardIndexesMustExist() {
        assertThatThrownBy(() -> new RegionStrategy("region", new StrategyParams.Region(Map.of("x", 4), null), 4))
                .hasMessage("region strategy on region: region x maps to shard 4, outside 0..3");
        assertThatThrownBy(() -> new RegionStrategy("region", new StrategyParams.Region(Map.of("x", 1, "X", 2), null), 4))
                .hasMessageContaining("is listed for shards");
    }
}
