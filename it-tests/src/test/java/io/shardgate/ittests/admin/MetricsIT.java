package io.shardgate.ittests.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /metrics} scraped as Prometheus scrapes it: the counters move with the queries run through the proxy.
 * {@code /health} and {@code /ready} answer as orchestrators expect.
 */
@ExtendWith(SharedBackends.class)
class MetricsIT {

    private static final String SCHEMAS = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - name: t
                    shard-key: id
                    strategy: hash-mod
                    nodes: [ds0, ds1]
                    locations: [1, 1]
            """;

    private static AdminProxy proxy;

    @BeforeAll
    static void start(Backends backends) throws Exception {
        proxy = AdminProxy.start(backends, "metrics_it", SCHEMAS, "");
        try (Connection c = proxy.client(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void countersMoveWithQueries() throws Exception {
        String before = scrape();
        try (Connection c = proxy.client(); Statement s = c.createStatement()) {
            for (int i = 0; i < 10; i++) {
                s.executeUpdate("INSERT INTO t (id, v) VALUES (" + (100 + i) + ", " + i + ")");
            }
            for (int i = 0; i < 7; i++) {
                s.executeQuery("SELECT v FROM t WHERE id = " + (100 + i)).close();
            }
            s.executeQuery("SELECT id, v FROM t ORDER BY v").close(); // a cross-shard read over 2 shards
            assertThatThrownBy(() -> s.executeQuery("SELECT nope FROM t WHERE id = 1")).isInstanceOf(SQLException.class);
            s.executeUpdate("DELETE FROM t WHERE id >= 100");
        }
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + proxy.server().address()
                .getPort() + "/", ProxyFixture.USER, "wrong")).isInstanceOf(SQLException.class);
        String after = scrape();

        String insertOk = "shardgate_queries_seconds_count{outcome=\"ok\",type=\"insert\"}";
        String selectOk = "shardgate_queries_seconds_count{outcome=\"ok\",type=\"select\"}";
        String selectError = "shardgate_queries_seconds_count{outcome=\"error\",type=\"select\"}";
        assertThat(value(after, insertOk) - value(before, insertOk)).isEqualTo(10);
        assertThat(value(after, selectOk) - value(before, selectOk)).isGreaterThanOrEqualTo(8);
        assertThat(value(after, selectError) - value(before, selectError)).isEqualTo(1);
        assertThat(value(after, "shardgate_queries_seconds_bucket{outcome=\"ok\",type=\"insert\",le=\"30.0\"}"))
                .as("a latency histogram").isGreaterThanOrEqualTo(10);
        assertThat(value(after, "shardgate_scatter_shards_count") - value(before, "shardgate_scatter_shards_count"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(after, "shardgate_scatter_rows_total") - value(before, "shardgate_scatter_rows_total"))
                .isGreaterThanOrEqualTo(10);
        assertThat(value(after, "shardgate_plan_cache_hits_total")).isGreaterThan(value(before,
                "shardgate_plan_cache_hits_total"));
        assertThat(value(after, "shardgate_client_connections_opened_total")
                - value(before, "shardgate_client_connections_opened_total")).isGreaterThanOrEqualTo(1);
        assertThat(value(after, "shardgate_client_connections_rejected_total{reason=\"access_denied\"}")
                - value(before, "shardgate_client_connections_rejected_total{reason=\"access_denied\"}"))
                .isEqualTo(1);

        String ds1 = "node=\"ds1\",role=\"primary\"";
        assertThat(after).containsPattern("shardgate_pool_connections\\{address=\"[^\"]+\"," + ds1 + ",state=\"idle\"}");
        assertThat(value(after, "shardgate_backend_connections_opened_total{address=\""
                + proxy.backends().primary(1).address() + "\"," + ds1 + "}")).isPositive();
        assertThat(value(after, "shardgate_node_up{address=\"" + proxy.backends().primary(1).address() + "\","
                + ds1 + "}")).isEqualTo(1);
        assertThat(after).contains("shardgate_pool_acquire_seconds_count{address=\"")
                .contains("shardgate_replica_lag_seconds{address=\"" + proxy.backends().replica(0).address());
        assertThat(after).contains("jvm_memory_used_bytes");

        // the Grafana dashboard asks only for series the proxy exports
        String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of("../docker/grafana/shardgate-dashboard.json"));
        Matcher names = Pattern.compile("(shardgate|jvm)_[a-z_]+").matcher(dashboard);
        java.util.Set<String> asked = new java.util.TreeSet<>();
        while (names.find()) {
            asked.add(names.group());
        }
        assertThat(asked).hasSizeGreaterThan(10)
                .allSatisfy(name -> assertThat(after).as("the dashboard's " + name).containsPattern("(?m)^" + name + "[{ ]"));
    }

    @Test
    void anExhaustedPoolIsAnEventAndACounter(Backends backends) throws Exception {
        String yaml = AdminProxy.yaml(backends, "metrics_it", SCHEMAS, "")
                .replaceAll("(    password: \"[^\"]*\"\n)", "$1    pool: {max: 1, min-idle: 0, acquire-timeout: 250ms}\n");
        try (var server = io.shardgate.proxy.server.ShardgateServer.start(
                io.shardgate.config.ConfigLoader.parse(yaml, "exhausted.yaml"),
                new io.shardgate.config.HostPort("127.0.0.1", 0))) {
            String url = "jdbc:mysql://127.0.0.1:" + server.address().getPort() + "/metrics_it";
            try (Connection holder = DriverManager.getConnection(url, ProxyFixture.USER, ProxyFixture.PASSWORD)) {
                holder.setAutoCommit(false);
                try (Statement s = holder.createStatement()) {
                    s.executeQuery("SELECT * FROM t WHERE id = 2 FOR UPDATE").close(); // ds0's only connection, held
                }
                // the next session's own connect-time statements need ds0 too: after 250 ms it is refused
                assertThatThrownBy(() -> DriverManager.getConnection(url, ProxyFixture.USER, ProxyFixture.PASSWORD))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage())
                                .contains("no connection to backend ds0 ").contains("within 250 ms"));
                holder.commit();
            }
            // whichever server of ds0 (primary or replica) the session needed first
            String metrics = server.metrics().scrape();
            assertThat(sum(metrics, "shardgate_pool_acquire_timeouts_total\\{[^}]*node=\"ds0\"[^}]*}")).isEqualTo(1);
            assertThat(sum(metrics, "shardgate_node_events_total\\{[^}]*event=\"pool_exhausted\",node=\"ds0\"[^}]*}"))
                    .isEqualTo(1);
            try (Connection again = DriverManager.getConnection(url, ProxyFixture.USER, ProxyFixture.PASSWORD)) {
                assertThat(again.isValid(5)).as("the pool serves again once the connection came back").isTrue();
            }
        }
    }

    @Test
    void healthAndReadiness() throws Exception {
        HttpResponse<String> health = proxy.http("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
        HttpResponse<String> ready = proxy.http("/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(proxy.http("/nothing").statusCode()).isEqualTo(404);
        HttpResponse<String> metrics = proxy.http("/metrics");
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    }

    private static String scrape() throws Exception {
        HttpResponse<String> r = proxy.http("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The sum of the series matching {@code seriesPattern} (a regex over name and labels). */
    static double sum(String exposition, String seriesPattern) {
        Matcher m = Pattern.compile("(?m)^" + seriesPattern + " (\\S+)$").matcher(exposition);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    /** The value of one series in an exposition text (0 when absent: a counter not incremented yet). */
    static double value(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
