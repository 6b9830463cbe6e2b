package io.shardgate.ittests.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.config.HostPort;
import io.shardgate.config.NodeConfig;
import io.shardgate.config.PoolSettings;
import io.shardgate.config.SchemaConfig;
import io.shardgate.config.Secret;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.StrategyParams;
import io.shardgate.config.StrategyType;
import io.shardgate.proxy.lookup.JdbcLookupStores;
import io.shardgate.proxy.lookup.LookupStoreException;
import io.shardgate.router.strategy.HashModStrategy;
import io.shardgate.router.strategy.LookupStore;
import io.shardgate.router.strategy.LookupStrategy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code JdbcLookupStore} against a real mariadbd: table creation, assign semantics, two proxies racing. */
class JdbcLookupStoreTest {

    private static final String SCHEMA = "shop";
    private static ThrowawayMariadb db;

    @BeforeAll
    static void startServer() throws Exception {
        db = ThrowawayMariadb.start(SCHEMA);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private static ShardgateConfig config(int port) {
        NodeConfig ds0 = new NodeConfig("ds0", new HostPort("127.0.0.1", port), List.of(), ThrowawayMariadb.USER,
                new Secret(ThrowawayMariadb.PASSWORD),
                new PoolSettings(8, 0, Duration.ofSeconds(2), Duration.ofMinutes(1)), null);
        return new ShardgateConfig(null, null, List.of(ds0), List.of(new SchemaConfig(SCHEMA, "ds0", List.of())),
                ZoneOffset.UTC);
    }

    private static StrategyParams.Lookup locator(String table) {
        return new StrategyParams.Lookup("ds0", table, StrategyType.HASH_MOD, 1000);
    }

    @Test
    void createsTheTableAndKeepsTheFirstAssignment() throws Exception {
        try (JdbcLookupStores stores = new JdbcLookupStores(config(db.port()), SCHEMA)) {
            LookupStore store = stores.open(locator("users_locator"));
            assertThat(store.find("alice")).isEmpty();
            assertThat(store.assign("alice", 3)).isEqualTo(3);
            assertThat(store.assign("alice", 1)).isEqualTo(3);
            assertThat(store.find("alice")).hasValue(3);
            assertThat(stores.open(locator("users_locator"))).isSameAs(store);
        }
        try (Connection c = db.connect(SCHEMA); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT k, shard FROM users_locator")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("alice");
            assertThat(rs.getInt(2)).isEqualTo(3);
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void twoProxiesRacingOnTheSameKeysAgree() throws Exception {
        int keys = 1000;
        try (JdbcLookupStores proxyA = new JdbcLookupStores(config(db.port()), SCHEMA);
                JdbcLookupStores proxyB = new JdbcLookupStores(config(db.port()), SCHEMA);
                ExecutorService threads = Executors.newFixedThreadPool(2)) {
            LookupStore a = proxyA.open(locator("race_locator"));
            LookupStore b = proxyB.open(locator("race_locator"));
            a.find("warm-up"); // both create-if-missing before the race, so the race is on rows only
            b.find("warm-up");
            CountDownLatch go = new CountDownLatch(1);
            // each proxy proposes a different shard for every key: only one proposal may survive per key
            Future<int[]> byA = threads.submit(() -> assignAll(a, keys, 0, go));
            Future<int[]> byB = threads.submit(() -> assignAll(b, keys, 1, go));
            go.countDown();
            int[] seenByA = byA.get();
            int[] seenByB = byB.get();

            Map<String, Integer> stored = new HashMap<>();
            try (Connection c = db.connect(SCHEMA); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT k, shard FROM race_locator")) {
                while (rs.next()) {
                    stored.put(rs.getString(1), rs.getInt(2));
                }
            }
            assertThat(stored).hasSize(keys);
            int wonByA = 0;
            for (int i = 0; i < keys; i++) {
                assertThat(seenByA[i]).as("key %d", i).isEqualTo(seenByB[i]).isEqualTo(stored.get("key-" + i));
                if (seenByA[i] == 0) {
                    wonByA++;
                }
            }
            System.out.printf("lookup race: proxy A won %d of %d keys%n", wonByA, keys);
        }
    }

    private static int[] assignAll(LookupStore store, int keys, int proposal, CountDownLatch go) throws InterruptedException {
        go.await();
        int[] result = new int[keys];
        for (int i = 0; i < keys; i++) {
            result[i] = store.assign("key-" + i, proposal);
        }
        return result;
    }

    @Test
    void twoLookupStrategiesOverOneLocatorTableAgreeAndReadsRecordNothing() throws Exception {
        try (JdbcLookupStores proxyA = new JdbcLookupStores(config(db.port()), SCHEMA);
                JdbcLookupStores proxyB = new JdbcLookupStores(config(db.port()), SCHEMA)) {
            LookupStrategy a = new LookupStrategy("email", proxyA.open(locator("profiles_locator")), new HashModStrategy(4), 100);
            LookupStrategy b = new LookupStrategy("email", proxyB.open(locator("profiles_locator")), new HashModStrategy(4), 100);
            assertThat(b.find("Bob@Example.com")).isEmpty();
            int shard = a.shardOf("bob@example.com");
            assertThat(b.find("BOB@example.com")).hasValue(shard);
            assertThat(b.shardOf("bob@example.com")).isEqualTo(shard);
        }
        try (Connection c = db.connect(SCHEMA); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM profiles_locator")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void anUnreachableNodeFailsWithTheTableNamed() throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        try (JdbcLookupStores stores = new JdbcLookupStores(config(deadPort), SCHEMA)) {
            LookupStore store = stores.open(locator("nowhere_locator"));
            assertThatThrownBy(() -> store.find("k")).isInstanceOf(LookupStoreException.class)
                    .hasMessageStartingWith("cannot create lookup table shop@ds0/nowhere_locator");
        }
    }
}
