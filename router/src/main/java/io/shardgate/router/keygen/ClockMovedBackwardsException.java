package io.shardgate.router.keygen;

/** The clock stepped back further than the snowflake generator is willing to wait out. */
public final class ClockMovedBackwardsException extends IllegalStateException {

    private final long backwardMillis;

    public ClockMovedBackwardsException(long backwardMillis, long maxBackwardMillis) {
        super("clock moved backwards by " + backwardMillis + " ms (waiting out at most " + maxBackwardMillis
                + " ms): refusing to generate ids that could repeat; check NTP on this host");
        this.backwardMillis = backwardMillis;
    }

    public long backwardMillis() {
        return backwardMillis;
    }
}
