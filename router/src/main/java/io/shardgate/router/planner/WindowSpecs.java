package io.shardgate.router.planner;

import io.shardgate.router.plan.Reject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.WindowElement;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * The windows of a SELECT's window functions: written in place ({@code OVER (PARTITION BY ... ORDER BY ...)})
 * or named in its WINDOW clause ({@code OVER w ... WINDOW w AS (...)}), with MariaDB's errors for a name
 * that is missing (4009) or defined twice (4010); and their identity, so that functions over the same
 * PARTITION BY and ORDER BY share one computed window.
 */
final class WindowSpecs {

    /** A window; the frame (of a named window) belongs to each call over it. */
    record Spec(ExpressionList<?> partition, List<OrderByElement> order, WindowElement frame) {
    }

    private final SelectItems items;
    /** The WINDOW clause's windows by lower-cased name. */
    private final Map<String, WindowDefinition> names = new LinkedHashMap<>();

    WindowSpecs(PlainSelect ps, SelectItems items) {
        this.items = items;
        for (WindowDefinition d : ps.getWindowDefinitions() == null ? List.<WindowDefinition>of()
                : ps.getWindowDefinitions()) {
            if (names.put(d.getWindowName().toLowerCase(Locale.ROOT), d) != null) {
                throw new PlanException(new Reject(4010, "HY000", "Multiple window specifications with the same "
                        + "name '" + d.getWindowName() + "'"));
            }
        }
    }

    /** The window of a call: written in place, or the WINDOW clause's by name. */
    Spec of(AnalyticExpression a) {
        if (a.getWindowName() == null) {
            WindowFunctions.checkOrder(a.getOrderByElements());
            return new Spec(a.getPartitionExpressionList(), a.getOrderByElements(), null);
        }
        WindowDefinition d = names.get(a.getWindowName().toLowerCase(Locale.ROOT));
        if (d == null) {
            throw new PlanException(new Reject(4009, "HY000", "Window specification with name '"
                    + a.getWindowName() + "' is not defined"));
        }
        WindowFunctions.checkOrder(d.getOrderByElements());
        return new Spec(d.getPartitionExpressionList(), d.getOrderByElements(), d.getWindowElement());
    }

    /** The window's PARTITION BY and ORDER BY as text, for comparing windows; null when it holds a literal. */
    String key(Spec spec) {
        StringBuilder s = new StringBuilder("partition");
        if (spec.partition() != null) {
            for (Object e : spec.partition()) {
                String key = items.key((Expression) e);
                if (key == null) {
                    return null;
                }
                s.append(' ').append(key);
            }
        }
        s.append(" order");
        if (spec.order() != null) {
            for (OrderByElement o : spec.order()) {
                String key = items.key(o.getExpression());
                if (key == null) {
                    return null;
                }
                s.append(' ').append(key).append(o.isAsc() ? "" : " desc");
            }
        }
        return s.toString();
    }
}
