package io.shardgate.router.planner;

import io.shardgate.router.merge.SortKey;
import io.shardgate.router.merge.WindowCall;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Window;
import io.shardgate.router.sql.Literal;
import io.shardgate.router.sql.SqlTemplate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A window computed in the proxy, compiled for a shape ({@link WindowPlanner}); LAG/LEAD offsets are bound
 * per statement. References are select-list references ({@link SelectItems}) until {@link #resolve} turns
 * them into merge columns.
 *
 * @param partitionRefs the PARTITION BY columns
 * @param orderRefs the window's ORDER BY: {reference, 1 when descending}
 * @param calls the functions, each in its select item's column
 * @param shardOrder the ORDER BY the shards are sent: PARTITION BY keys, then the window's ORDER BY
 */
record WindowTemplate(List<Integer> partitionRefs, List<int[]> orderRefs, List<CallTemplate> calls,
                      List<SqlTemplate.Piece> shardOrder) {

    /** One function: its column, and LAG/LEAD's offset (null: 1). */
    record CallTemplate(WindowCall.Function function, int column, ValueRef offset) {
    }

    /** This window with merge columns instead of select-list references. */
    WindowTemplate resolve(SelectItems items) {
        List<Integer> partition = partitionRefs.stream().map(items::column).toList();
        List<int[]> order = orderRefs.stream().map(r -> new int[] {items.column(r[0]), r[1]}).toList();
        List<CallTemplate> columns = calls.stream()
                .map(c -> new CallTemplate(c.function(), items.column(c.column()), c.offset())).toList();
        return new WindowTemplate(partition, order, columns, shardOrder);
    }

    List<SortKey> orderBy() {
        return orderRefs.stream().map(r -> new SortKey(r[0], r[1] == 1)).toList();
    }

    /** The order the shards' rows arrive in: partition columns ascending, then the window's ORDER BY. */
    List<SortKey> inputOrder() {
        return WindowPlanner.order(partitionRefs, orderBy());
    }

    ReadPlan bind(ReadPlan input, List<Literal> literals) {
        List<WindowCall> bound = new ArrayList<>(calls.size());
        for (CallTemplate c : calls) {
            long offset = 0;
            if (c.function() == WindowCall.Function.LAG || c.function() == WindowCall.Function.LEAD) {
                offset = c.offset() == null || c.offset().unbound(literals) ? 1 : offset(c, literals);
            }
            bound.add(new WindowCall(c.function(), c.column(), offset));
        }
        return new Window(input, partitionRefs, orderBy(), bound);
    }

    private static long offset(CallTemplate c, List<Literal> literals) {
        Object v = c.offset().value(literals);
        BigInteger n = switch (v) {
            case Long l -> BigInteger.valueOf(l);
            case BigInteger b -> b;
            case BigDecimal d when d.signum() == 0 || d.stripTrailingZeros().scale() <= 0 -> d.toBigInteger();
            case null, default -> null;
        };
        if (n == null || n.signum() < 0 || n.bitLength() >= Integer.SIZE) {
            throw PlanException.notSupported(c.function() + " offset " + c.offset().text(literals)
                    + " across shards: it must be a non-negative integer");
        }
        return n.longValue();
    }
}
