package io.shardgate.ittests.backends;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One set of backends ({@link #TOPOLOGY}: 2 primaries, 1 replica of primary 0) for the whole
 * it-tests JVM, started on first use and closed when the JUnit engine finishes: it lives in the
 * root context's store, which closes {@link AutoCloseable} values at the end of the run.
 *
 * <p>Use it with {@code @ExtendWith(SharedBackends.class)} and a {@link Backends} parameter
 * when a test only needs some generic servers. Tests that stop, kill or pause servers, or that
 * need another topology, start their own: a shared server that a test broke breaks the rest of
 * the suite. Tests that share must leave the servers as they found them (drop their schemas).
 */
public final class SharedBackends implements ParameterResolver {

    public static final Topology TOPOLOGY = Topology.of(2, 1);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedBackends.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Backends.class || type == Lifecycle.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Lifecycle lifecycle = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Lifecycle.class, key -> new Lifecycle(), Lifecycle.class);
        return parameter.getParameter().getType() == Lifecycle.class ? lifecycle : lifecycle.backends();
    }

    /**
     * Starts the shared backends on first use and closes them once. The last test of the suite
     * takes this as a parameter to close them early, then checks that no server is left.
     */
    public static final class Lifecycle implements AutoCloseable {
        private Backends backends;

        private Lifecycle() {
        }

        synchronized Backends backends() {
            if (backends == null) {
                backends = BackendProvider.selected().start(TOPOLOGY);
            }
            return backends;
        }

        /** Closes the shared backends now; a later test asking for them gets new ones. */
        @Override
        public synchronized void close() {
            if (backends != null) {
                Backends closing = backends;
                backends = null;
                closing.close();
            }
        }
    }
}
