package io.shardgate.router.planner;

import io.shardgate.router.plan.Reject;

/**
 * Raised while compiling or binding when the statement must be refused; the router answers
 * {@link #reject()}. Carries no stack trace: it is an answer, not a bug.
 */
public final class PlanException extends RuntimeException {

    private final transient Reject reject;

    PlanException(Reject reject) {
        super(reject.message(), null, false, false);
        this.reject = reject;
    }

    /** ER_NOT_SUPPORTED_YET 1235 with {@code message} naming the construct. */
    static PlanException notSupported(String message) {
        return new PlanException(Reject.notSupported(message));
    }

    public Reject reject() {
        return reject;
    }
}
