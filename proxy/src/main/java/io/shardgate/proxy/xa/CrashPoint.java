package io.shardgate.proxy.xa;

/**
 * Test-only stops in a two-phase commit, for crash tests of a real proxy process: with the system property
 * {@code shardgate.failpoint} set to a point's name, the proxy prints {@code shardgate failpoint <name> reached}
 * to standard error when a commit gets there and stops that commit for good, so a test can kill the process
 * with {@code kill -9} exactly there (a process nobody kills halts itself after a minute). Unset, as in any real
 * deployment, each check is one comparison with null.
 */
public enum CrashPoint {
    /** Every branch prepared, the decision not yet written. */
    XA_AFTER_PREPARE("xa-after-prepare"),
    /** The decision committed, no branch committed yet. */
    XA_AFTER_DECISION("xa-after-decision");

    private static final String ARMED = System.getProperty("shardgate.failpoint");

    private final String name;

    CrashPoint(String name) {
        this.name = name;
    }

    /** Stops the calling thread for good when this point is armed; returns at once otherwise. */
    public void reach() {
        if (ARMED == null || !ARMED.equals(name)) {
            return;
        }
        System.err.println("shardgate failpoint " + name + " reached");
        System.err.flush();
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(137);
    }
}
