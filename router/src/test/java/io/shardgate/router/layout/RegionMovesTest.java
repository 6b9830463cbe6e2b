package io.shardgate.router.layout;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.router.topology.ShardLocation;
import org.junit.jupiter.api.Test;

class RegionMovesTest {

    private static String regions(String locations, String regions, String defaultShard) {
        return "- {name: orders, shard-key: country, strategy: region, nodes: [ds0, ds1], locations: " + locations
                + ", regions: " + regions + (defaultShard == null ? "" : ", default-shard: " + defaultShard) + "}";
    }

    @Test
    void aNewValueOnANewShardMovesNothingWithoutDefault() {
        KeyMovement m = Layouts.orders(regions("[1, 1]", "{de: 0, us: 1}", null),
                regions("[1, 2]", "{de: 0, us: 1, jp: 2}", null));
        assertThat(m.scope()).isEqualTo(KeyMovement.Scope.NONE);
    }

    @Test
    void aNewValueThatUsedToFallIntoTheDefaultMovesItsRows() {
        KeyMovement m = Layouts.orders(regions("[1, 1]", "{de: 0, us: 1}", "1"),
                regions("[1, 2]", "{de: 0, us: 1, jp: 2}", "1"));
        assertThat(m.scope()).isEqualTo(KeyMovement.Scope.ROWS);
        assertThat(m.reason()).isEqualTo("rows with country = 'jp' would move from orders_0001 on ds1 to "
                + "orders_0002 on ds1");
    }

    @Test
    void aValueMovedToAnotherShardOrDroppedMovesItsRows() {
        assertThat(Layouts.orders(regions("[1, 1]", "{de: 0, us: 1}", null),
                regions("[1, 1]", "{de: 1, us: 1}", null)).reason())
                .isEqualTo("rows with country = 'de' would move from orders_0000 on ds0 to orders_0001 on ds1");
        assertThat(Layouts.orders(regions("[1, 1]", "{de: 0, us: 1}", null),
                regions("[1, 1]", "{us: 1}", null)).reason())
                .isEqualTo("rows with country = 'de' would move from orders_0000 on ds0 to no table (no longer a "
                        + "region, and no default)");
    }

    @Test
    void anotherDefaultRegionMovesTheUnlistedValues() {
        KeyMovement m = Layouts.orders(regions("[1, 1]", "{de: 0}", "1"), regions("[1, 1]", "{de: 0}", "0"));
        assertThat(m.reason()).isEqualTo("rows of unlisted values (the default region) would move from orders_0001"
                + " on ds1 to orders_0000 on ds0");
    }

    @Test
    void aDefaultAddedMovesOnlyNullKeys() {
        KeyMovement m = Layouts.orders(regions("[1, 1]", "{de: 0, us: 1}", null),
                regions("[1, 1]", "{de: 0, us: 1}", "1"));
        assertThat(m.scope()).isEqualTo(KeyMovement.Scope.NULL_KEYS);
        assertThat(m.nullKeysAt()).isEqualTo(new ShardLocation("ds0", "orders_0000"));
    }

    @Test
    void valuesAreComparedAsTheStrategyReadsThem() {
        // 'DE' and 'de' are one value
        assertThat(Layouts.orders(regions("[1, 1]", "{de: 0, us: 1}", null),
                regions("[1, 1]", "{DE: 0, us: 1}", null)).movesRows()).isFalse();
    }
}
