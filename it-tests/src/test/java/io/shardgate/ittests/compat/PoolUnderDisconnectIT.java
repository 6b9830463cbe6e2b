package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.proxy.pool.ConnectionPool;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that leaves while its statement waits for a backend connection (the pool is at its maximum) must
 * not take that connection with it when one frees up: the next client still gets it. One connection in the
 * pool makes a leak visible at once.
 */
@ExtendWith(SharedBackends.class)
class PoolUnderDisconnectIT {

    private static CompatProxy proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = CompatProxy.withPool(backends, "compat_pool", "{max: 1, min-idle: 0, acquire-timeout: 10s}");
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
    }

    @Test
    void aClientGoneWhileWaitingForAConnectionLeavesItInThePool() throws Exception {
        RawMysqlClient holder = loggedIn();
        // inside a transaction the session keeps its connection (between statements it would give it back)
        assertThat(holder.query("BEGIN").get(0).isError()).isFalse();
        assertThat(holder.query("SELECT 'holds the only connection'").get(0).isError()).isFalse();
        try (RawMysqlClient waiter = loggedIn()) {
            waiter.command(RawMysqlClient.COM_QUERY, "SELECT 'waits'".getBytes(StandardCharsets.US_ASCII));
            awaitPool(p -> p.counts().contains("waiting=1"), "the waiter queued");
        } // gone while waiting
        holder.close(); // frees the connection, which the pool hands to the waiter's request
        awaitPool(p -> p.counts().contains("waiting=0") && p.idleCount() == p.total(),
                "the connection back in the pool");
        try (RawMysqlClient next = loggedIn()) {
            List<RawMysqlClient.Result> r = next.query("SELECT 'served'");
            assertThat(r.get(0).isError()).as("%s", r.get(0).isError() ? r.get(0).terminal().errorMessage() : "")
                    .isFalse();
            assertThat(r.get(0).rows()).containsExactly(List.of("served"));
        }
    }

    private static RawMysqlClient loggedIn() throws java.io.IOException {
        RawMysqlClient c = RawMysqlClient.connect(proxy.port(), 30_000);
        assertThat(c.login(CompatProxy.USER, CompatProxy.PASSWORD, proxy.schema(),
                RawMysqlClient.defaultCapabilities()).isOk()).isTrue();
        return c;
    }

    private static void awaitPool(Predicate<ConnectionPool> condition, String what) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (proxy.server().pools().pools().stream().allMatch(condition)) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("not reached in 5 s: " + what + "; pools "
                + proxy.server().pools().pools().stream().map(ConnectionPool::counts).toList());
    }
}
