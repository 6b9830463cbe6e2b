package io.shardgate.router.planner;

import io.shardgate.router.SessionView;
import io.shardgate.router.sql.Hints;
import io.shardgate.router.sql.Literal;
import java.util.List;

/**
 * The per-statement input to {@link PlanTemplate#bind}: everything that differs between two statements of
 * the same shape.
 *
 * @param original the statement as the client sent it; for an execution of a prepared statement, with its
 *     parameters bound
 * @param literals one per {@code ?} of the shape, prepared-statement parameters already bound
 */
public record BindContext(String original, List<Literal> literals, Hints hints, SessionView session) {

    /** Reads go to the primary inside transactions and when hinted. */
    public boolean primaryForReads() {
        return hints.primary() || session.inTransaction();
    }

    public Literal literal(int slot) {
        return literals.get(slot);
    }
}
