package io.shardgate.proxy.execute.scatter;

import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.execute.BackendSource;
import io.shardgate.proxy.execute.ClientStream;
import io.shardgate.proxy.execute.PlanRunner;
import io.shardgate.proxy.execute.ResponseForwarder;
import io.shardgate.proxy.execute.SessionBackends;
import io.shardgate.proxy.execute.StatementCallback;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * A temporary adapter, until the execute package exposes what a streaming merge needs. Delete it when
 * {@code PlanRunner.StatementOutput} gives the statement's {@link ClientStream}, {@code moreFollows} and
 * {@link StatementCallback} (or the front end's output implements {@link ScatterOutput}) and
 * {@code PlanRunner} hands the {@link BackendSource} over.
 *
 * <p>Why it exists: a scatter result is written by the proxy itself, row batch by row batch, which none of
 * {@code StatementOutput}'s methods allow ({@code result(LocalResult)} needs every row in memory first). The
 * only object carrying the stream, the flag and the callback is the {@link ResponseForwarder} the output
 * creates, so their values are read from it; likewise the backend source from {@link SessionBackends}, for
 * KILL QUERY. Reading private fields is brittle by nature: when a field is renamed the lookups fail once,
 * at class load, and the executor falls back to answering 1235 (output) or to draining instead of
 * cancelling (source); the scatter unit tests do not depend on this class.
 */
final class PlanRunnerBridge {

    private static final VarHandle OUT = field(ResponseForwarder.class, "out", ClientStream.class);
    private static final VarHandle MORE_FOLLOWS = field(ResponseForwarder.class, "moreFollows", boolean.class);
    private static final VarHandle CALLBACK = field(ResponseForwarder.class, "callback", StatementCallback.class);
    private static final VarHandle SOURCE = field(SessionBackends.class, "source", BackendSource.class);

    private PlanRunnerBridge() {
    }

    /** The output as a {@link ScatterOutput}, or null when it cannot be adapted. */
    static ScatterOutput output(PlanRunner.StatementOutput output) {
        if (output instanceof ScatterOutput ready) {
            return ready;
        }
        if (OUT == null || MORE_FOLLOWS == null || CALLBACK == null) {
            return null;
        }
        // Creating the forwarder also registers it for writability events; it forwards nothing here, and
        // its resume() does nothing while it has not paused a backend.
        ResponseForwarder forwarder = output.forwarder();
        ClientStream stream = (ClientStream) OUT.get(forwarder);
        boolean moreFollows = (boolean) MORE_FOLLOWS.get(forwarder);
        StatementCallback callback = (StatementCallback) CALLBACK.get(forwarder);
        boolean binary = output.binaryRows();
        return new ScatterOutput() {
            @Override
            public boolean binaryRows() {
                return binary;
            }

            @Override
            public ClientStream stream() {
                return stream;
            }

            @Override
            public boolean moreFollows() {
                return moreFollows;
            }

            @Override
            public StatementCallback callback() {
                return callback;
            }
        };
    }

    /** KILL QUERY through the session's backend source, or null when it cannot be reached. */
    static Consumer<BackendConnection> canceller(SessionBackends backends) {
        if (SOURCE == null) {
            return null;
        }
        BackendSource source = (BackendSource) SOURCE.get(backends);
        return source == null ? null : source::cancel;
    }

    private static VarHandle field(Class<?> owner, String name, Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
