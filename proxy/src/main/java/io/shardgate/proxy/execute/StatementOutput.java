package io.shardgate.proxy.execute;

import io.shardgate.proxy.execute.plan.PlanRunner;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.session.Session;

/** Sink for one statement's response; knows the client stream and whether more results follow. */
public interface StatementOutput {
    ResponseForwarder forwarder();

    void ok(OkPacket ok);

    void error(ErrPacket err);

    void result(LocalResult result);

    Session session();

    /** The client stream the statement's response continues (for results the proxy writes row by row). */
    ClientStream stream();

    /** True when more statements of a multi-statement query follow (MORE_RESULTS_EXISTS). */
    boolean moreFollows();

    /** Whom to tell when the response is complete. */
    StatementCallback callback();

    /** True for COM_STMT_EXECUTE: result rows go out in the binary protocol. */
    default boolean binaryRows() {
        return false;
    }

    /** The statement's max execution time or write bound ({@code PlanRunner.bounded}); none by default. */
    default StatementDeadline deadline() {
        return StatementDeadline.none();
    }

    /** What the client is told when the {@link #deadline()} passes. */
    default StatementBound bound() {
        return StatementBound.NONE;
    }
}
