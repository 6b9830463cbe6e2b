package io.shardgate.proxy.xa;

/**
 * What the proxy's transactions and XA recovery report, for metrics ({@code shardgate.transactions},
 * {@code shardgate.xa.recovered}). Called on event loops and the recovery thread: implementations must be cheap and
 * thread-safe.
 */
public interface TransactionEvents {

    /** How a transaction ended up committing or rolling back. */
    enum Mode {
        /** One node took part (or wrote): a plain COMMIT / ROLLBACK. */
        ONE_NODE("one-node"),
        /** Several nodes wrote: two-phase commit over XA. */
        XA("xa"),
        /** Several nodes, committed node by node ({@code best-effort}). */
        BEST_EFFORT("best-effort");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** How it ended: committed, rolled back as asked, or failed (the client was told an error). */
    enum Outcome {
        COMMIT, ROLLBACK, FAILED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    void transactionEnded(Mode mode, Outcome outcome);

    /** Recovery settled {@code branches} prepared branches: committed them, or rolled them back. */
    void branchesRecovered(boolean committed, int branches);

    TransactionEvents NONE = new TransactionEvents() {
        @Override
        public void transactionEnded(Mode mode, Outcome outcome) {
        }

        @Override
        public void branchesRecovered(boolean committed, int branches) {
        }
    };
}
