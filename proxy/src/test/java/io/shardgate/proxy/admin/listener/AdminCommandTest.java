package io.shardgate.proxy.admin.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.proxy.admin.AdminService;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminCommandTest {

    @Test
    void showCommandsInAnyCaseWithOrWithoutSemicolon() {
        assertThat(AdminCommand.parse("show nodes;")).isEqualTo(new AdminCommand.ShowNodes());
        assertThat(AdminCommand.parse("  SHOW   SCHEMAS ")).isEqualTo(new AdminCommand.ShowSchemas());
        assertThat(AdminCommand.parse("SHOW TABLES RULES")).isEqualTo(new AdminCommand.ShowTablesRules(null));
        assertThat(AdminCommand.parse("show tables rules from `shop`")).isEqualTo(new AdminCommand.ShowTablesRules("shop"));
        assertThat(AdminCommand.parse("SHOW SESSIONS")).isEqualTo(new AdminCommand.ShowSessions());
        assertThat(AdminCommand.parse("SHOW FULL PROCESSLIST")).isEqualTo(new AdminCommand.ShowSessions());
        assertThat(AdminCommand.parse("SHOW CONFIG")).isEqualTo(new AdminCommand.ShowConfig());
        assertThat(AdminCommand.parse("RELOAD CONFIG")).isEqualTo(new AdminCommand.ReloadConfig());
        assertThat(AdminCommand.parse("SHOW BLACKLIST")).isEqualTo(new AdminCommand.ShowBlacklist());
        assertThat(AdminCommand.parse("RESET DIGESTS")).isEqualTo(new AdminCommand.ResetDigests());
    }

    @Test
    void routeKeepsTheStatementAsWritten() {
        assertThat(AdminCommand.parse("SHOW ROUTE FOR SELECT * FROM orders WHERE user_id = 'a;b'"))
                .isEqualTo(new AdminCommand.ShowRoute("SELECT * FROM orders WHERE user_id = 'a;b'"));
        assertThat(AdminCommand.parse("preview\nINSERT INTO t VALUES (1)"))
                .isEqualTo(new AdminCommand.ShowRoute("INSERT INTO t VALUES (1)"));
    }

    @Test
    void killAndDigests() {
        assertThat(AdminCommand.parse("KILL 42")).isEqualTo(new AdminCommand.Kill(42, false, null));
        assertThat(AdminCommand.parse("kill query 7")).isEqualTo(new AdminCommand.Kill(7, true, null));
        assertThat(AdminCommand.parse("KILL CONNECTION 7")).isEqualTo(new AdminCommand.Kill(7, false, null));
        assertThat(AdminCommand.parse("kill query 7 on '10.0.0.5:3307'"))
                .isEqualTo(new AdminCommand.Kill(7, true, "10.0.0.5:3307"));
        assertThat(AdminCommand.parse("show proxies;")).isEqualTo(new AdminCommand.ShowProxies());
        assertThat(AdminCommand.parse("SHOW DIGESTS")).isEqualTo(new AdminCommand.ShowDigests(
                AdminService.DigestOrder.TOTAL_TIME, AdminCommand.MAX_DIGEST_LIMIT));
        assertThat(AdminCommand.parse("show digests order by count limit 5")).isEqualTo(
                new AdminCommand.ShowDigests(AdminService.DigestOrder.COUNT, 5));
        assertThat(AdminCommand.parse("SHOW DIGESTS ORDER BY errors DESC")).isEqualTo(
                new AdminCommand.ShowDigests(AdminService.DigestOrder.ERRORS, AdminCommand.MAX_DIGEST_LIMIT));
        assertThat(AdminCommand.parse("SHOW DIGESTS ORDER BY rows")).isInstanceOfSatisfying(AdminCommand.Unknown.class,
                u -> assertThat(u.message()).contains("total_time, count or errors"));
    }

    @Test
    void setNodeReplica() {
        assertThat(AdminCommand.parse("SET NODE ds0 REPLICA '127.0.0.1:13309' OFFLINE"))
                .isEqualTo(new AdminCommand.SetReplicaOffline("ds0", "127.0.0.1:13309", true));
        assertThat(AdminCommand.parse("set node ds0 replica \"127.0.0.1:13309\" online"))
                .isEqualTo(new AdminCommand.SetReplicaOffline("ds0", "127.0.0.1:13309", false));
        assertThat(AdminCommand.parse("SET NODE ds0 REPLICA 127.0.0.1:13309 WEIGHT 5"))
                .isEqualTo(new AdminCommand.SetReplicaWeight("ds0", "127.0.0.1:13309", 5));
        assertThat(AdminCommand.parse("SET NODE ds0 REPLICA '127.0.0.1:13309' WEIGHT"))
                .as("a SET NODE that does not parse is no session SET").isInstanceOf(AdminCommand.Unknown.class);
    }

    @Test
    void blacklistTakesAStringLiteral() {
        assertThat(AdminCommand.parse("ADD BLACKLIST 'SELECT * FROM t WHERE name = ''x'''"))
                .isEqualTo(new AdminCommand.AddBlacklist("SELECT * FROM t WHERE name = 'x'"));
        assertThat(AdminCommand.parse("REMOVE BLACKLIST \"DELETE FROM t\""))
                .isEqualTo(new AdminCommand.RemoveBlacklist("DELETE FROM t"));
        assertThat(AdminCommand.parse("ADD BLACKLIST ''")).isInstanceOf(AdminCommand.Unknown.class);
    }

    @Test
    void whatClientsSendAtConnectIsAccepted() {
        assertThat(AdminCommand.parse("select @@version_comment limit 1")).isEqualTo(
                new AdminCommand.VariableProbe(List.of("version_comment"), List.of("@@version_comment")));
        assertThat(AdminCommand.parse("/* mysql-connector-j-9.5.0 */SELECT @@session.auto_increment_increment AS "
                + "auto_increment_increment, @@max_allowed_packet AS max_allowed_packet")).isEqualTo(
                new AdminCommand.VariableProbe(List.of("auto_increment_increment", "max_allowed_packet"),
                        List.of("auto_increment_increment", "max_allowed_packet")));
        assertThat(AdminCommand.parse("SET NAMES utf8mb4")).isEqualTo(new AdminCommand.SessionSet());
        assertThat(AdminCommand.parse("SELECT DATABASE()")).isEqualTo(new AdminCommand.SelectDatabase());
        assertThat(AdminCommand.parse("SHOW WARNINGS")).isInstanceOf(AdminCommand.EmptyShow.class);
    }

    @Test
    void anythingElseIsRefusedWithTheListOfCommands() {
        assertThat(AdminCommand.parse("SELECT * FROM orders")).isInstanceOfSatisfying(AdminCommand.Unknown.class,
                u -> assertThat(u.message()).startsWith("not an admin command: 'SELECT * FROM orders'")
                        .contains("SHOW NODES").contains("RELOAD CONFIG"));
        assertThat(AdminCommand.parse("DROP TABLE orders")).isInstanceOf(AdminCommand.Unknown.class);
    }
}
