package io.shardgate.router.planner;

import io.shardgate.router.sql.Literal;
import java.util.List;

/**
 * A value of the statement known only at bind time: literal {@code slot}, negated when the shape has
 * {@code -?} (a minus the normalizer could not fold into the number).
 */
record ValueRef(int slot, boolean negate) {

    /** A placeholder routed without a bound value (prepared-statement text): nothing is known about it. */
    boolean unbound(List<Literal> literals) {
        return literals.get(slot).isParameter();
    }

    Object value(List<Literal> literals) {
        Literal l = literals.get(slot);
        return negate && l.value() != null ? l.negatedValue() : l.value();
    }

    String text(List<Literal> literals) {
        return negate ? "-" + literals.get(slot).text() : literals.get(slot).text();
    }
}
