package io.shardgate.router.planner;

import io.shardgate.router.merge.WindowCall;
import io.shardgate.router.merge.WindowFrame;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.sql.Literal;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.WindowElement;
import net.sf.jsqlparser.expression.WindowOffset;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;

/**
 * The window function calls the proxy computes, as written: which function, its constant argument (LAG /
 * LEAD's offset, NTILE's buckets, NTH_VALUE's n) and its frame, with the numbers bound per statement. A
 * form MariaDB rejects gets MariaDB's error (a frame on a ranking function: 4017; RANK, LAG or LEAD without
 * ORDER BY: 4018; NTILE(0): 4024), since the shards never see the function; a form the proxy cannot compute, 1235.
 */
final class WindowFunctions {

    private static final Map<String, WindowCall.Function> COMPUTED = Map.ofEntries(
            Map.entry("ROW_NUMBER", WindowCall.Function.ROW_NUMBER), Map.entry("RANK", WindowCall.Function.RANK),
            Map.entry("DENSE_RANK", WindowCall.Function.DENSE_RANK), Map.entry("COUNT", WindowCall.Function.COUNT),
            Map.entry("SUM", WindowCall.Function.SUM), Map.entry("AVG", WindowCall.Function.AVG),
            Map.entry("MIN", WindowCall.Function.MIN), Map.entry("MAX", WindowCall.Function.MAX),
            Map.entry("LAG", WindowCall.Function.LAG), Map.entry("LEAD", WindowCall.Function.LEAD),
            Map.entry("NTILE", WindowCall.Function.NTILE), Map.entry("PERCENT_RANK", WindowCall.Function.PERCENT_RANK),
            Map.entry("CUME_DIST", WindowCall.Function.CUME_DIST),
            Map.entry("FIRST_VALUE", WindowCall.Function.FIRST_VALUE),
            Map.entry("LAST_VALUE", WindowCall.Function.LAST_VALUE),
            Map.entry("NTH_VALUE", WindowCall.Function.NTH_VALUE));

    /** A frame bound: its kind and, for n PRECEDING / FOLLOWING, n. */
    record BoundTemplate(WindowFrame.Kind kind, ValueRef offset) {
    }

    /** An explicit frame; bounds' numbers bound per statement. */
    record FrameTemplate(boolean rows, BoundTemplate start, BoundTemplate end) {
    }

    /**
     * One function: its column, its constant argument (null: LAG / LEAD's default 1) and its frame (null:
     * the default one).
     */
    record CallTemplate(WindowCall.Function function, int column, ValueRef argument, FrameTemplate frame,
                        boolean overAggregate) {

        /** This call over an aggregate's merged value. */
        CallTemplate overAnAggregate() {
            return new CallTemplate(function, column, argument, frame, true);
        }

        CallTemplate at(int newColumn) {
            return new CallTemplate(function, newColumn, argument, frame, overAggregate);
        }

        WindowCall bind(List<Literal> literals) {
            long n = switch (function) {
                case LAG, LEAD -> argument == null ? 1 : number(argument, literals, function + " offset", 1);
                case NTILE -> number(argument, literals, "NTILE's argument", 1);
                case NTH_VALUE -> number(argument, literals, "NTH_VALUE's n", 1);
                default -> 0;
            };
            if (function == WindowCall.Function.NTILE && n == 0) {
                throw new PlanException(new Reject(4024, "HY000", "Argument of NTILE must be greater than 0"));
            }
            WindowFrame bound = frame == null ? null : new WindowFrame(frame.rows(), bound(frame.start(), literals),
                    bound(frame.end(), literals));
            return new WindowCall(function, column, n, bound, overAggregate);
        }

        private static WindowFrame.Bound bound(BoundTemplate b, List<Literal> literals) {
            return new WindowFrame.Bound(b.kind(), b.offset() == null ? 0
                    : number(b.offset(), literals, "a frame offset", 0));
        }
    }

    private WindowFunctions() {
    }

    /**
     * The call {@code a} computed into select-list reference {@code column}.
     *
     * @param frame the call's frame, its own or its named window's; null for none
     * @param orderKeys how many keys its window's ORDER BY has
     */
    static CallTemplate template(AnalyticExpression a, int column, WindowElement frame, int orderKeys,
                                 KeyConditions values) {
        WindowCall.Function f = function(a, orderKeys > 0);
        ValueRef argument = switch (f) {
            case LAG, LEAD, NTH_VALUE -> a.getOffset() == null ? null : constant(a.getOffset(), f, values);
            case NTILE -> constant(a.getExpression(), f, values);
            default -> null;
        };
        if (f == WindowCall.Function.NTH_VALUE && argument == null) {
            throw PlanException.notSupported("this form of NTH_VALUE OVER across shards");
        }
        FrameTemplate frameTemplate = null;
        if (frame != null && f.framed()) {
            frameTemplate = frame(frame, values);
            if (!frameTemplate.rows() && (frameTemplate.start().offset() != null || frameTemplate.end().offset() != null)
                    && orderKeys != 1) {
                throw new PlanException(new Reject(4019, "HY000",
                        "RANGE-type frame requires ORDER BY clause with single sort key"));
            }
        } else if (frame != null && f != WindowCall.Function.LAG && f != WindowCall.Function.LEAD) {
            throw new PlanException(new Reject(4017, "HY000", "Window frame is not allowed with '"
                    + a.getName().toLowerCase(Locale.ROOT) + "'"));
        }
        return new CallTemplate(f, column, argument, frameTemplate, false);
    }

    /** The function of {@code a}, when the proxy computes this form of it. */
    static WindowCall.Function function(AnalyticExpression a, boolean ordered) {
        String name = a.getName().toUpperCase(Locale.ROOT);
        WindowCall.Function f = COMPUTED.get(name);
        if (f == null) {
            throw PlanException.notSupported("window function " + name + " across shards unless PARTITION BY holds "
                    + "the shard key");
        }
        if (a.isDistinct() || a.getDefaultValue() != null || a.getFilterExpression() != null || a.isIgnoreNulls()
                || a.getKeep() != null) {
            throw PlanException.notSupported("this form of " + name + " OVER across shards");
        }
        if (!ordered && (f == WindowCall.Function.RANK || f == WindowCall.Function.DENSE_RANK
                || f == WindowCall.Function.PERCENT_RANK || f == WindowCall.Function.CUME_DIST
                || f == WindowCall.Function.LAG || f == WindowCall.Function.LEAD)) {
            throw new PlanException(new Reject(4018, "HY000", "No order list in window specification for '"
                    + name.toLowerCase(Locale.ROOT) + "'"));
        }
        boolean star = a.isAllColumns() || a.getExpression() instanceof AllColumns;
        if (f == WindowCall.Function.COUNT && star) {
            return WindowCall.Function.COUNT_ROWS;
        }
        boolean takesArgument = switch (f) {
            case ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST -> false;
            default -> true;
        };
        if (takesArgument != (a.getExpression() != null) || star) {
            throw PlanException.notSupported("this form of " + name + " OVER across shards");
        }
        boolean offset = f == WindowCall.Function.LAG || f == WindowCall.Function.LEAD
                || f == WindowCall.Function.NTH_VALUE;
        if (a.getOffset() != null && !offset) {
            throw PlanException.notSupported("this form of " + name + " OVER across shards");
        }
        return f;
    }

    /** Refuses NULLS FIRST / LAST in a window's ORDER BY, which MariaDB does not have either. */
    static void checkOrder(List<OrderByElement> order) {
        for (OrderByElement o : order == null ? List.<OrderByElement>of() : order) {
            if (o.getNullOrdering() != null) {
                throw PlanException.notSupported("NULLS FIRST/LAST across shards");
            }
        }
    }

    private static ValueRef constant(Expression e, WindowCall.Function f, KeyConditions values) {
        ValueRef ref = values.valueRef(e);
        if (ref == null) {
            throw PlanException.notSupported(f + " with an argument that is not a number, across shards");
        }
        return ref;
    }

    private static FrameTemplate frame(WindowElement w, KeyConditions values) {
        boolean rows = w.getType() == WindowElement.Type.ROWS;
        BoundTemplate start;
        BoundTemplate end;
        if (w.getRange() != null) {
            start = bound(w.getRange().getStart(), values);
            end = bound(w.getRange().getEnd(), values);
        } else {
            start = bound(w.getOffset(), values);
            end = new BoundTemplate(WindowFrame.Kind.CURRENT_ROW, null);
        }
        if (start.kind() == WindowFrame.Kind.UNBOUNDED_FOLLOWING || end.kind() == WindowFrame.Kind.UNBOUNDED_PRECEDING) {
            throw PlanException.notSupported("this window frame across shards");
        }
        return new FrameTemplate(rows, start, end);
    }

    private static BoundTemplate bound(WindowOffset o, KeyConditions values) {
        if (o.getType() == WindowOffset.Type.CURRENT) {
            return new BoundTemplate(WindowFrame.Kind.CURRENT_ROW, null);
        }
        boolean preceding = o.getType() == WindowOffset.Type.PRECEDING;
        if (o.getType() != WindowOffset.Type.FOLLOWING && !preceding) {
            throw PlanException.notSupported("this window frame across shards");
        }
        if (o.getExpression() == null) {
            return new BoundTemplate(preceding ? WindowFrame.Kind.UNBOUNDED_PRECEDING
                    : WindowFrame.Kind.UNBOUNDED_FOLLOWING, null);
        }
        ValueRef n = values.valueRef(o.getExpression());
        if (n == null) {
            throw PlanException.notSupported("a window frame offset that is not a number, across shards");
        }
        return new BoundTemplate(preceding ? WindowFrame.Kind.PRECEDING : WindowFrame.Kind.FOLLOWING, n);
    }

    /**
     * A constant argument as a non-negative integer below 2^31; {@code unbound} when the statement is only
     * being prepared (its metadata does not depend on it).
     */
    private static long number(ValueRef ref, List<Literal> literals, String what, long unbound) {
        if (ref.unbound(literals)) {
            return unbound;
        }
        Object v = ref.value(literals);
        BigInteger n = switch (v) {
            case Long l -> BigInteger.valueOf(l);
            case BigInteger b -> b;
            case BigDecimal d when d.signum() == 0 || d.stripTrailingZeros().scale() <= 0 -> d.toBigInteger();
            case null, default -> null;
        };
        if (n == null || n.signum() < 0 || n.bitLength() >= Integer.SIZE) {
            throw PlanException.notSupported(what + " " + ref.text(literals)
                    + " across shards: it must be a non-negative integer");
        }
        return n.longValue();
    }
}
