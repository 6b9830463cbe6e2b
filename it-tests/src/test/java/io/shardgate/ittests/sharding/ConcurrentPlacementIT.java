package io.shardgate.ittests.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.TableConfig;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.router.strategy.InMemoryLookupStore;
import io.shardgate.router.strategy.ShardStrategies;
import io.shardgate.router.strategy.ShardStrategy;
import io.shardgate.router.topology.TableTopology;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several JDBC clients writing at once, each statement's rows spread over shards and nodes, half of them
 * through server-side prepared statements: afterwards every row of every strategy's table sits exactly where
 * the router's strategy puts it, once (lookup tables allocate new keys from many connections at once).
 */
@ExtendWith(SharedBackends.class)
class ConcurrentPlacementIT {

    private static final int CLIENTS = 8;
    private static final int ROWS_PER_STATEMENT = 5;

    @Test
    void concurrentClientsPutEveryRowOnItsShard(Backends backends) throws Exception {
        StringBuilder yaml = new StringBuilder("""
                schemas:
                  - name: %s
                    default-node: ds0
                    tables:
                """);
        PlacementCase.all().forEach(c -> yaml.append(c.yaml()));
        try (ProxyFixture proxy = ProxyFixture.start(backends, "concurrent_placement_it", yaml.toString())) {
            try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
                for (PlacementCase table : PlacementCase.all()) {
                    s.execute(table.createTable());
                }
            }
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Thread> clients = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int me = client;
                clients.add(Thread.ofPlatform().name("client-" + me).start(() -> {
                    try {
                        insert(proxy, me);
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            for (Thread t : clients) {
                t.join();
            }
            assertThat(failures).isEmpty();

            BackendTables backendTables = new BackendTables(proxy, backends);
            for (PlacementCase table : PlacementCase.all()) {
                TableConfig config = proxy.server().config().schema(proxy.schema())
                        .flatMap(s -> s.table(table.table())).orElseThrow();
                ShardStrategy strategy = ShardStrategies.create(config, proxy.server().config().timeZone(),
                        lookup -> new InMemoryLookupStore());
                assertThat(backendTables.misplaced(table.table(),
                        table.expectedPlaces(strategy, TableTopology.of(config)))).as(table.toString()).isEmpty();
            }
        }
    }

    /**
     * Client {@code me} writes the rows {@code id % CLIENTS == me} of every table: consecutive ids of one
     * client are CLIENTS apart, so each statement's rows land on different shards.
     */
    private static void insert(ProxyFixture proxy, int me) throws SQLException {
        List<Integer> ids = IntStream.range(0, PlacementCase.ROWS).filter(id -> id % CLIENTS == me).boxed().toList();
        boolean prepared = me % 2 == 1;
        try (Connection c = proxy.connect(prepared ? "useServerPrepStmts=true" : "")) {
            for (PlacementCase table : PlacementCase.all()) {
                String insert = "INSERT INTO " + table.table() + " (id, k, payload) VALUES ";
                if (prepared) {
                    try (PreparedStatement p = c.prepareStatement(insert + "(?, ?, ?)")) {
                        for (int id : ids) {
                            p.setInt(1, id);
                            p.setObject(2, table.key().apply(id));
                            p.setString(3, PlacementCase.payload(id));
                            assertThat(p.executeUpdate()).isEqualTo(1);
                        }
                    }
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    for (int from = 0; from < ids.size(); from += ROWS_PER_STATEMENT) {
                        List<Integer> chunk = ids.subList(from, Math.min(ids.size(), from + ROWS_PER_STATEMENT));
                        String values = chunk.stream().map(id -> "(" + id + ", " + table.keyLiteral(id) + ", '"
                                + PlacementCase.payload(id) + "')").collect(Collectors.joining(", "));
                        assertThat(s.executeUpdate(insert + values)).isEqualTo(chunk.size());
                    }
                }
            }
        }
    }
}
