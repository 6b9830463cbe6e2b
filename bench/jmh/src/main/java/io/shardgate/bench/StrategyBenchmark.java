package io.shardgate.bench;

import io.shardgate.config.StrategyParams;
import io.shardgate.config.StrategyParams.Period;
import io.shardgate.config.StrategyParams.TimeUnit;
import io.shardgate.router.strategy.ConsistentHashStrategy;
import io.shardgate.router.strategy.HashModStrategy;
import io.shardgate.router.strategy.InMemoryLookupStore;
import io.shardgate.router.strategy.LookupStrategy;
import io.shardgate.router.strategy.RangeStrategy;
import io.shardgate.router.strategy.RegionStrategy;
import io.shardgate.router.strategy.ShardStrategy;
import io.shardgate.router.strategy.TimeStrategy;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one {@code shardOf} per strategy, cycling through 1024 keys of the kind each strategy sees in
 * practice (the literal's Java form as the planner passes it). {@code lookup} is the cached path: every
 * key is recorded in setup, so no store is touched in the measurement.
 *
 * <p>Run (from the repository root):
 * <pre>
 * ./mvnw -B -q -Pbench -pl bench/jmh -am package -DskipTests
 * java -jar bench/jmh/target/benchmarks.jar StrategyBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(java.util.concurrent.TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class StrategyBenchmark {

    private static final int KEYS = 1024;

    @Param({"hash-mod-long", "hash-mod-string", "range", "time-string", "region", "consistent-hash", "lookup-cached"})
    public String strategy;

    private ShardStrategy target;
    private Object[] keys;
    private int next;

    @Setup
    public void setup() {
        keys = new Object[KEYS];
        switch (strategy) {
            case "hash-mod-long" -> {
                target = new HashModStrategy(8);
                fill(i -> (long) i * 7919);
            }
            case "hash-mod-string" -> {
                target = new HashModStrategy(8);
                fill(i -> "User" + i + "@Example.com");
            }
            case "range" -> {
                target = RangeStrategy.of("id", new StrategyParams.Range(1_000_000L, null), 8);
                fill(i -> (long) i * 7_000);
            }
            case "time-string" -> {
                target = new TimeStrategy("created_at", new StrategyParams.Time(TimeUnit.MONTH, List.of(
                        Period.ofMonths(YearMonth.of(2024, 1), YearMonth.of(2024, 12)),
                        Period.ofMonths(YearMonth.of(2025, 1), YearMonth.of(2025, 12)))), ZoneOffset.UTC);
                fill(i -> String.format("2024-%02d-%02d 10:%02d:00", 1 + i % 12, 1 + i % 28, i % 60));
            }
            case "region" -> {
                target = new RegionStrategy("region",
                        new StrategyParams.Region(Map.of("north", 0, "south", 1, "east", 2, "west", 3), 0), 4);
                String[] names = {"north", "South", "EAST", "west", "mars"};
                fill(i -> names[i % names.length]);
            }
            case "consistent-hash" -> {
                target = new ConsistentHashStrategy(8, 160);
                fill(i -> (long) i * 7919);
            }
            case "lookup-cached" -> {
                LookupStrategy lookup = new LookupStrategy("email", new InMemoryLookupStore(), new HashModStrategy(8), 10_000);
                fill(i -> "user" + i + "@example.com");
                for (Object key : keys) {
                    lookup.shardOf(key);
                }
                target = lookup;
            }
            default -> throw new IllegalArgumentException(strategy);
        }
    }

    private void fill(java.util.function.IntFunction<Object> key) {
        for (int i = 0; i < KEYS; i++) {
            keys[i] = key.apply(i);
        }
    }

    @Benchmark
    public int shardOf() {
        Object key = keys[next];
        next = (next + 1) & (KEYS - 1);
        return target.shardOf(key);
    }
}
