package io.shardgate.router.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class HashModStrategyTest {

    private final HashModStrategy four = new HashModStrategy(4);

    @Test
    void integersGoToFloorMod() {
        assertThat(four.shardOf(0L)).isEqualTo(0);
        assertThat(four.shardOf(7L)).isEqualTo(3);
        assertThat(four.shardOf(-1L)).isEqualTo(3);
        assertThat(four.shardOf(Long.MIN_VALUE)).isEqualTo(0);
        assertThat(four.shardOf(Long.MAX_VALUE)).isEqualTo(3);
        assertThat(four.shardOf(new BigInteger("18446744073709551615"))).isEqualTo(3); // BIGINT UNSIGNED max
        assertThat(four.shardOf(new BigInteger("-18446744073709551617"))).isEqualTo(3);
    }

    @Test
    void numbersEqualToAnIntegerRouteLikeIt() {
        for (Object same : new Object[] {42L, 42, new BigInteger("42"), new BigDecimal("42.000"), new BigDecimal("4.2E+1"),
                "42", " 42", "42 ", "+42", "042", "42.0", "4.2e1"}) {
            assertThat(four.shardOf(same)).as("%s (%s)", same, same.getClass().getSimpleName()).isEqualTo(2);
        }
        assertThat(four.shardOf("-5")).isEqualTo(Math.floorMod(-5, 4));
    }

    @Test
    void stringsHashTheirLowerCasedRightTrimmedUtf8() {
        int shard = HashModStrategy.hashed("a@x.org", 4);
        assertThat(shard).isEqualTo((int) (Integer.toUnsignedLong(Murmur3.hash("a@x.org")) % 4));
        assertThat(four.shardOf("a@x.org")).isEqualTo(shard);
        assertThat(four.shardOf("A@X.ORG")).isEqualTo(shard);
        assertThat(four.shardOf("a@x.org  ")).isEqualTo(shard);
    }

    @Test
    void stringPlacementIsPinned() {
        // Pinned so that a change of hash, case folding or trimming fails here before it moves rows.
        // murmur3("hello") = 0x248BFA47 = 613153351; 613153351 mod 4 = 3, mod 7 = 6
        assertThat(four.shardOf("hello")).isEqualTo(3);
        assertThat(four.shardOf("HELLO")).isEqualTo(3);
        assertThat(new HashModStrategy(7).shardOf("Hello")).isEqualTo(6);
        // murmur3("abc") = 0xB3DD93FA = 3017643002; mod 10 = 2
        assertThat(new HashModStrategy(10).shardOf("ABC")).isEqualTo(2);
    }

    @Test
    void nonIntegralNumbersHashTheirCanonicalText() {
        assertThat(four.shardOf(new BigDecimal("4.50"))).isEqualTo(HashModStrategy.hashed("4.5", 4));
        assertThat(four.shardOf("4.5")).isEqualTo(four.shardOf(new BigDecimal("4.5")));
    }

    @Test
    void datesHashTheirSqlText() {
        assertThat(four.shardOf(LocalDate.of(2024, 1, 15))).isEqualTo(HashModStrategy.hashed("2024-01-15", 4));
        assertThat(four.shardOf("2024-01-15")).isEqualTo(four.shardOf(LocalDate.of(2024, 1, 15)));
    }

    @Test
    void nullLivesOnShardZero() {
        assertThat(four.shardOf(null)).isZero();
    }

    @Test
    void rangesCannotBePruned() {
        assertThat(four.shardsFor(new ShardStrategy.Bound(1L, true), new ShardStrategy.Bound(2L, true)))
                .isEqualTo(ShardSet.all(4));
    }

    @Test
    void needsAShard() {
        assertThatThrownBy(() -> new HashModStrategy(0)).hasMessageContaining("at least one shard");
    }

    @Test
    void spreadsStringsEvenly() {
        int[] counts = new int[8];
        HashModStrategy eight = new HashModStrategy(8);
        for (int i = 0; i < 80_000; i++) {
            counts[eight.shardOf("user-" + i + "@example.com")]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(9_000, 11_000);
        }
    }
}
