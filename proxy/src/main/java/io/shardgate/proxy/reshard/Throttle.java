package io.shardgate.proxy.reshard;

/** Paces a loop to at most {@code perSecond} units on average since it began (no burst beyond one chunk). */
final class Throttle {

    private final long perSecond;
    private final long startNanos = System.nanoTime();
    private long done;

    Throttle(long perSecond) {
        this.perSecond = perSecond;
    }

    /** Counts {@code units} and sleeps as long as the pace asks. */
    void took(long units) throws InterruptedException {
        done += units;
        long dueNanos = done * 1_000_000_000L / perSecond;
        long aheadNanos = dueNanos - (System.nanoTime() - startNanos);
        if (aheadNanos > 1_000_000) {
            Thread.sleep(aheadNanos / 1_000_000, (int) (aheadNanos % 1_000_000));
        }
    }
}
