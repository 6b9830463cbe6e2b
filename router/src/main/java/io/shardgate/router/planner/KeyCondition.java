package io.shardgate.router.planner;

import io.shardgate.router.sql.Literal;
import io.shardgate.router.strategy.LookupStrategy;
import io.shardgate.router.strategy.NoShardException;
import io.shardgate.router.strategy.ShardSet;
import io.shardgate.router.strategy.ShardStrategy;
import java.util.List;
import java.util.OptionalInt;

/**
 * What a WHERE clause says about the shard key, compiled once per shape and evaluated per statement:
 * equality and IN give exact shards, ranges prune through {@link ShardStrategy#shardsFor}, AND intersects,
 * OR unions, anything else means every shard.
 *
 * <p>Reads locate rows that already exist, so a lookup table is asked with {@link LookupStrategy#find},
 * which never records a key; a value no shard can hold ({@link NoShardException}) matches no row and
 * contributes no shard. A value the strategy cannot interpret (a type it does not know) cannot prune:
 * every shard.
 */
sealed interface KeyCondition {

    ShardSet shards(Evaluation e);

    KeyCondition ALL = new All();

    /** The per-statement state of an evaluation. */
    final class Evaluation {
        final ShardStrategy strategy;
        final List<Literal> literals;
        final int[][] inLists;
        /** Set when a placeholder without a value made a condition answer "every shard". */
        boolean unbound;

        Evaluation(ShardStrategy strategy, List<Literal> literals, int inListCount) {
            this.strategy = strategy;
            this.literals = literals;
            this.inLists = new int[inListCount][];
        }

        /** The shard of a key value, {@link ShardRouting#NO_SHARD} when none can hold it; throws when unknown. */
        int shardOf(Object value) {
            if (value instanceof byte[]) {
                // x'..' / 0x.. mean a number or a string depending on the column: not routable
                throw new IllegalArgumentException("binary literal");
            }
            try {
                if (strategy instanceof LookupStrategy lookup) {
                    OptionalInt shard = lookup.find(value);
                    return shard.isPresent() ? shard.getAsInt() : ShardRouting.NO_SHARD;
                }
                return strategy.shardOf(value);
            } catch (NoShardException e) {
                return ShardRouting.NO_SHARD;
            }
        }

        ShardSet all() {
            return ShardSet.all(strategy.shardCount());
        }

        ShardSet none() {
            return ShardSet.none(strategy.shardCount());
        }
    }

    /** Evaluates {@code condition} for one statement. */
    static ShardRouting route(KeyCondition condition, ShardStrategy strategy, List<Literal> literals, int inLists) {
        Evaluation e = new Evaluation(strategy, literals, inLists);
        ShardSet shards = condition.shards(e);
        return new ShardRouting(shards, e.inLists, e.unbound);
    }

    /** Nothing known about the key. */
    record All() implements KeyCondition {
        @Override
        public ShardSet shards(Evaluation e) {
            return e.all();
        }
    }

    /**
     * {@code k = ?}, {@code k <=> ?}, {@code k IN (?, ...)}.
     *
     * @param nullSafe {@code <=>}: a NULL value matches NULL keys instead of nothing
     * @param inList the IN list's index for per-shard splitting, or -1
     */
    record Values(List<ValueRef> values, boolean nullSafe, int inList) implements KeyCondition {
        @Override
        public ShardSet shards(Evaluation e) {
            int[] shards = new int[values.size()];
            int count = 0;
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i).unbound(e.literals)) {
                    e.unbound = true;
                    return e.all();
                }
                Object v = values.get(i).value(e.literals);
                int shard;
                if (v == null && !nullSafe) {
                    shard = ShardRouting.NO_SHARD;
                } else {
                    try {
                        shard = e.shardOf(v);
                    } catch (RuntimeException unknown) {
                        return e.all();
                    }
                }
                shards[i] = shard;
                if (shard != ShardRouting.NO_SHARD) {
                    count++;
                }
            }
            if (inList >= 0) {
                e.inLists[inList] = shards;
            }
            int[] found = new int[count];
            int k = 0;
            for (int s : shards) {
                if (s != ShardRouting.NO_SHARD) {
                    found[k++] = s;
                }
            }
            return ShardSet.of(e.strategy.shardCount(), found);
        }
    }

    /** {@code k > ?}, {@code k BETWEEN ? AND ?} ...; a null bound is open. */
    record Range(ValueRef lower, boolean lowerInclusive, ValueRef upper, boolean upperInclusive)
            implements KeyCondition {
        @Override
        public ShardSet shards(Evaluation e) {
            if (lower != null && lower.unbound(e.literals) || upper != null && upper.unbound(e.literals)) {
                e.unbound = true;
                return e.all();
            }
            Object lo = lower == null ? null : lower.value(e.literals);
            Object hi = upper == null ? null : upper.value(e.literals);
            if (lower != null && lo == null || upper != null && hi == null) {
                return e.none(); // a comparison with NULL is never true
            }
            if (lo instanceof byte[] || hi instanceof byte[]) {
                return e.all();
            }
            try {
                return e.strategy.shardsFor(lower == null ? null : new ShardStrategy.Bound(lo, lowerInclusive),
                        upper == null ? null : new ShardStrategy.Bound(hi, upperInclusive));
            } catch (NoShardException none) {
                return e.none();
            } catch (RuntimeException unknown) {
                return e.all();
            }
        }
    }

    record And(KeyCondition left, KeyCondition right) implements KeyCondition {
        @Override
        public ShardSet shards(Evaluation e) {
            return left.shards(e).and(right.shards(e));
        }
    }

    record Or(KeyCondition left, KeyCondition right) implements KeyCondition {
        @Override
        public ShardSet shards(Evaluation e) {
            return left.shards(e).or(right.shards(e));
        }
    }

    static KeyCondition and(KeyCondition a, KeyCondition b) {
        if (a instanceof All) {
            return b;
        }
        return b instanceof All ? a : new And(a, b);
    }

    static KeyCondition or(KeyCondition a, KeyCondition b) {
        return a instanceof All || b instanceof All ? ALL : new Or(a, b);
    }

}
