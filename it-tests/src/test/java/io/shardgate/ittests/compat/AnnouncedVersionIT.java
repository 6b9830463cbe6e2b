package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The version the proxy announces is the one a client reads everywhere: the handshake (Connector/J's
 * {@code getDatabaseProductVersion()}), {@code VERSION()}, {@code @@version} and {@code SHOW VARIABLES}; the
 * backends' MariaDB version shows nowhere.
 */
@ExtendWith(SharedBackends.class)
class AnnouncedVersionIT {

    private static CompatProxy proxy;

    @BeforeAll
    static void start(Backends backends) throws Exception {
        proxy = CompatProxy.start(backends, "announced_version");
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void everyPlaceShowsTheHandshakesVersion() throws Exception {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            String handshake = c.getMetaData().getDatabaseProductVersion();
            assertThat(handshake).startsWith("8.0.").doesNotContainIgnoringCase("mariadb");
            assertThat(single(s, "SELECT VERSION()")).isEqualTo(handshake);
            assertThat(single(s, "SELECT @@version")).isEqualTo(handshake);
            assertThat(single(s, "SELECT @@global.version, @@session.sql_mode")).isEqualTo(handshake);
            Map<String, String> variables = variables(s, "SHOW VARIABLES LIKE 'version%'");
            assertThat(variables.get("version")).isEqualTo(handshake);
            assertThat(variables.get("version_comment")).isEqualTo(single(s, "SELECT @@version_comment"));
            assertThat(variables.values()).noneMatch(v -> v != null && v.toLowerCase().contains("mariadb"));
            assertThat(variables(s, "SHOW GLOBAL VARIABLES WHERE Variable_name = 'version'"))
                    .containsExactly(Map.entry("version", handshake));
            assertThat(variables(s, "SHOW SESSION VARIABLES LIKE 'max_allowed_packet'")).containsKey("max_allowed_packet");
        }
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static Map<String, String> variables(Statement s, String sql) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }
}
