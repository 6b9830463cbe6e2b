package io.shardgate.proxy.execute.scatter;

import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.execute.SessionBackends;
import io.shardgate.proxy.session.SessionVariables;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ScatterConnections} from a session's {@link SessionBackends}: pinned connections through
 * {@code acquire}, extra ones through {@code borrow}, KILL QUERY through the backend source.
 */
final class SessionConnections implements ScatterConnections {

    /**
     * How long a scatter waits for an extra connection before it runs that shard on the pinned one instead:
     * an idle pooled connection comes at once, a new one within a few milliseconds on a healthy network. Not
     * shorter: the fallback makes an ORDER BY merge sort in memory, and on a loaded machine 100 ms proved too
     * short for a new connection's login (bench/README.md, the ORDER BY heap benchmark).
     */
    static final Duration BORROW_WAIT = Duration.ofSeconds(1);

    private final SessionBackends backends;
    private final SessionVariables variables;
    private final Map<ShardConnection, BackendConnection> borrowed = new ConcurrentHashMap<>();

    SessionConnections(SessionBackends backends, SessionVariables variables) {
        this.backends = backends;
        this.variables = variables;
    }

    @Override
    public CompletableFuture<ShardConnection> pinned(String node, boolean primary) {
        return backends.acquire(node, primary).thenApply(this::adapt);
    }

    @Override
    public boolean mayBorrow() {
        return backends.mayBorrow();
    }

    @Override
    public Set<String> syncedUserVariables() {
        Set<String> names = new HashSet<>();
        for (String name : variables.asMap().keySet()) {
            if (name.startsWith("@")) {
                names.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    @Override
    public CompletableFuture<ShardConnection> borrow(String node, boolean primary) {
        return backends.borrow(node, primary, BORROW_WAIT).handle((c, failure) -> {
            if (c == null || failure != null) {
                return null;
            }
            ShardConnection shard = adapt(c);
            borrowed.put(shard, c);
            return shard;
        });
    }

    @Override
    public void giveBack(ShardConnection connection) {
        BackendConnection c = borrowed.remove(connection);
        if (c != null) {
            backends.giveBack(c, true);
        }
    }

    private ShardConnection adapt(BackendConnection c) {
        return ShardConnection.of(c, backends::interrupt);
    }
}
