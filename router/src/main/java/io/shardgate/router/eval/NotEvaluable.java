package io.shardgate.router.eval;

/**
 * The proxy has no exact evaluator for an expression (a function it does not implement, a type or collation
 * it cannot compare exactly). The planner then leaves the expression to the shards or refuses the statement;
 * the message names the construct for the client.
 */
public final class NotEvaluable extends RuntimeException {

    public NotEvaluable(String what) {
        super(what);
    }
}
