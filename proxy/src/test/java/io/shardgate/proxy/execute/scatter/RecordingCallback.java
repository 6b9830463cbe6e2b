package io.shardgate.proxy.execute.scatter;

import io.shardgate.proxy.execute.ClientStream;
import io.shardgate.proxy.execute.StatementCallback;

/** What a scatter told its statement callback (set from the event loop, read by the test thread). */
final class RecordingCallback implements StatementCallback {

    volatile Boolean failed;
    volatile Throwable fatal;

    @Override
    public void done(boolean failed) {
        this.failed = failed;
    }

    @Override
    public void fatal(Throwable cause) {
        this.fatal = cause;
    }

    boolean called() {
        return failed != null || fatal != null;
    }

    /** The scatter's output: the test client's stream, whether more results follow, this callback. */
    record Output(ClientStream stream, boolean moreFollows, StatementCallback callback) implements ScatterOutput {

        /** Flushes, then tells the test: the command handler's callback flushes once the statement is observed. */
        @Override
        public StatementCallback callback() {
            return new StatementCallback() {
                @Override
                public void done(boolean failed) {
                    stream.flush();
                    callback.done(failed);
                }

                @Override
                public void fatal(Throwable cause) {
                    stream.flush();
                    callback.fatal(cause);
                }
            };
        }
    }
}
