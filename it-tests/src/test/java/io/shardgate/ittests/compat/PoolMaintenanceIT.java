package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.proxy.pool.ConnectionPool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pool's housekeeping against a real server: min-idle connections are opened ahead of demand, idle ones
 * are pinged, and the ones the server ended behind the proxy's back (a KILL here; a restart or wait_timeout in
 * production) are replaced before a client can be handed a dead connection.
 */
@ExtendWith(SharedBackends.class)
class PoolMaintenanceIT {

    private static final int MIN_IDLE = 3;
    private static CompatProxy proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = CompatProxy.withPool(backends, "compat_pool_maint", "{max: 8, min-idle: " + MIN_IDLE + "}");
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
    }

    @Test
    void minIdleIsFilledAndConnectionsKilledBehindThePoolAreReplaced() throws Exception {
        // XA recovery keeps a connection of its own per node, opened by its first pass at start: wait for it
        proxy.server().xaRecovery().runPass();
        Set<Long> before = backendConnectionIds();
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1").close(); // the pool exists from the first statement on
        }
        awaitPool(p -> p.total() == 1 && p.idleCount() == 1, "the session's connection back in the pool");
        proxy.server().pools().maintain(Duration.ofHours(1));
        ConnectionPool pool = awaitPool(p -> p.idleCount() == MIN_IDLE, "min-idle connections open");
        Set<Long> pooled = new HashSet<>(backendConnectionIds());
        pooled.removeAll(before);
        assertThat(pooled).as("the pool's connections on the server").hasSize(MIN_IDLE);

        // healthy idle connections answer the ping and stay
        long created = pool.createdCount();
        proxy.server().pools().maintain(Duration.ZERO);
        awaitPool(p -> p.idleCount() == MIN_IDLE, "validated connections idle again");
        assertThat(pool.createdCount()).isEqualTo(created);
        assertThat(pool.validationFailures()).isZero();

        try (Connection root = proxy.root(); Statement s = root.createStatement()) {
            for (long id : pooled) {
                s.execute("KILL " + id);
            }
        }
        proxy.server().pools().maintain(Duration.ZERO);
        awaitPool(p -> p.idleCount() == MIN_IDLE && p.createdCount() >= created + MIN_IDLE,
                "killed connections replaced");
        assertThat(pool.closedCount()).isGreaterThanOrEqualTo(MIN_IDLE);
        Set<Long> now = backendConnectionIds();
        assertThat(now).doesNotContainAnyElementsOf(pooled);

        try (Connection c = proxy.connect(""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 'served'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("served");
        }
    }

    /** A validation ping proves a connection alive, not used: idle-timeout still retires it. */
    @Test
    void validatedConnectionsStillRetireAfterIdleTimeout(Backends backends) throws Exception {
        try (CompatProxy idleProxy = CompatProxy.withPool(backends, "compat_pool_idle",
                "{max: 4, min-idle: 0, idle-timeout: 10s}")) {
            try (Connection c = idleProxy.connect(""); Statement s = c.createStatement()) {
                s.executeQuery("SELECT 1").close();
            }
            ConnectionPool pool = awaitPool(idleProxy, p -> p.total() == 1 && p.idleCount() == 1,
                    "the session's connection idle in the pool");
            Thread.sleep(8_000);
            idleProxy.server().pools().maintain(Duration.ZERO); // pinged at ~8 s idle: alive, kept
            awaitPool(idleProxy, p -> p.idleCount() == 1, "validated connection back in the idle list");
            assertThat(pool.validationFailures()).isZero();
            Thread.sleep(3_000); // now idle ~11 s since its last use, ~3 s since its ping
            idleProxy.server().pools().maintain(Duration.ofHours(1));
            awaitPool(idleProxy, p -> p.total() == 0, "retired after idle-timeout, counted from its last use");
        }
    }

    /** Ids of the server's connections logged in as the proxy's backend account. */
    private static Set<Long> backendConnectionIds() throws SQLException {
        BackendEndpoint backend = proxy.backend();
        Set<Long> ids = new HashSet<>();
        try (Connection root = proxy.root(); Statement s = root.createStatement();
             ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '"
                     + backend.user() + "'")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static ConnectionPool awaitPool(Predicate<ConnectionPool> condition, String what)
            throws InterruptedException {
        return awaitPool(proxy, condition, what);
    }

    private static ConnectionPool awaitPool(CompatProxy proxy, Predicate<ConnectionPool> condition, String what)
            throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            var pools = proxy.server().pools().pools();
            if (pools.size() == 1 && condition.test(pools.iterator().next())) {
                return pools.iterator().next();
            }
            Thread.sleep(25);
        }
        throw new AssertionError("not reached in 10 s: " + what + "; pools "
                + proxy.server().pools().pools().stream().map(ConnectionPool::counts).toList());
    }
}
