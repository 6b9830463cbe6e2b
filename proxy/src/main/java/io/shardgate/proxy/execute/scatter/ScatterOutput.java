package io.shardgate.proxy.execute.scatter;

import io.shardgate.proxy.execute.ClientStream;
import io.shardgate.proxy.execute.StatementCallback;

/**
 * Where one statement's merged result goes: the client stream it writes to (sequence ids continue there),
 * whether more statements of a multi-statement query follow (the terminator then carries
 * MORE_RESULTS_EXISTS), and whom to tell when the response is complete.
 * {@link ScatterExecutor#run} adapts the plan runner's statement output to it.
 */
public interface ScatterOutput {

    ClientStream stream();

    boolean moreFollows();

    StatementCallback callback();

    /** True for COM_STMT_EXECUTE: merged rows are written in the binary protocol. */
    default boolean binaryRows() {
        return false;
    }

    /** The shards' final status flags, combined (the session's transaction learns from them). */
    default void statusObserved(int serverStatus) {
    }
}
