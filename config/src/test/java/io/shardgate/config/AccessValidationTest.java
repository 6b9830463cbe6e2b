package io.shardgate.config;

import static io.shardgate.config.TestYaml.PROXY;
import static io.shardgate.config.TestYaml.minimal;
import static io.shardgate.config.TestYaml.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per rule of the keys that bound what clients may do and cost: users' grants and limits,
 * {@code proxy.max-handshakes}, {@code max-packet}, {@code net-read-timeout}, {@code proxy.auth}, and a node's
 * {@code tls}.
 */
class AccessValidationTest {

    private static final String TWO_SCHEMAS = TestYaml.NODES + """
            schemas:
              - {name: shop, default-node: ds0}
              - {name: reports, default-node: ds1}
            """;

    private static String withUser(String userYaml) {
        return "proxy:\n  users:\n    - " + userYaml + "\n" + TWO_SCHEMAS;
    }

    private static String withProxyKeys(String keys) {
        return minimal().replace("proxy:\n", "proxy:\n" + TestYaml.indent(keys, "  "));
    }

    // ---------------------------------------------------------------- users

    @Test
    void userDefaultsAreUnrestricted() {
        UserConfig u = TestYaml.load(minimal()).proxy().users().getFirst();
        assertThat(u.unrestricted()).isTrue();
        assertThat(u.readOnly()).isFalse();
        assertThat(u.maxConnections()).isEqualTo(UserConfig.NO_LIMIT);
        assertThat(u.requireTls()).isFalse();
        assertThat(u.mayWrite("anything")).isTrue();
    }

    @Test
    void schemaGrantsAreNamesOrMappings() {
        UserConfig u = TestYaml.load(withUser(
                "{user: app, password: pw, schemas: [shop, {name: reports, read-only: true}]}")).proxy().users().getFirst();
        assertThat(u.schemas()).containsExactly(new SchemaGrant("shop", false), new SchemaGrant("reports", true));
        assertThat(u.mayUse("SHOP")).isTrue();
        assertThat(u.mayWrite("shop")).isTrue();
        assertThat(u.mayUse("reports")).isTrue();
        assertThat(u.mayWrite("reports")).isFalse();
        assertThat(u.mayUse("other")).isFalse();
        assertThat(u.unrestricted()).isFalse();
    }

    @Test
    void aReadOnlyUserWritesNowhere() {
        UserConfig u = TestYaml.load(withUser("{user: app, password: pw, read-only: true}")).proxy().users().getFirst();
        assertThat(u.mayUse("shop")).isTrue();
        assertThat(u.mayWrite("shop")).isFalse();
        assertThat(u.unrestricted()).isFalse();
    }

    @Test
    void aSchemaCannotWidenAReadOnlyUser() {
        assertThat(problems(withUser("{user: app, password: pw, read-only: true, schemas: [{name: shop, read-only: false}]}")))
                .containsExactly("proxy.users.app.schemas[0].read-only: false cannot widen the user's read-only: true");
    }

    @Test
    void grantNamesAreCheckedAndNotRepeated() {
        assertThat(problems(withUser("{user: app, password: pw, schemas: [shop, {name: reprots}, SHOP]}"))).containsExactly(
                "proxy.users.app.schemas[2]: schema 'SHOP' is listed twice",
                "proxy.users.app.schemas[1]: unknown schema 'reprots' (did you mean 'reports'?)");
    }

    @Test
    void grantMappingKeysAreChecked() {
        assertThat(problems(withUser("{user: app, password: pw, schemas: [{name: shop, readonly: true}, {read-only: true}]}")))
                .containsExactly(
                        "proxy.users.app.schemas[0].readonly: unknown key (did you mean 'read-only'?)",
                        "proxy.users.app.schemas[1].name: required key is missing");
    }

    @Test
    void userReadOnlyMustBeABoolean() {
        assertThat(problems(withUser("{user: app, password: pw, read-only: yes}"))).containsExactly(
                "proxy.users.app.read-only: 'yes' is not a boolean (true or false)");
    }

    @Test
    void userMaxConnectionsIsPositive() {
        assertThat(TestYaml.load(withUser("{user: app, password: pw, max-connections: 3}")).proxy().users().getFirst()
                .maxConnections()).isEqualTo(3);
        assertThat(problems(withUser("{user: app, password: pw, max-connections: 0}"))).containsExactly(
                "proxy.users.app.max-connections: 0 is out of range 1..1000000");
    }

    @Test
    void requireTlsNeedsATlsListener(@TempDir Path dir) throws Exception {
        assertThat(problems(withUser("{user: app, password: pw, require-tls: true}"))).containsExactly(
                "proxy.users.app.require-tls: needs proxy.tls: without it no client can log in over TLS");
        Files.writeString(dir.resolve("c.pem"), "cert");
        Files.writeString(dir.resolve("k.pem"), "key");
        String yaml = "proxy:\n  tls: {cert-file: '" + dir.resolve("c.pem") + "', key-file: '" + dir.resolve("k.pem")
                + "'}\n  users:\n    - {user: app, password: pw, require-tls: true}\n" + TWO_SCHEMAS;
        assertThat(TestYaml.load(yaml).proxy().users().getFirst().requireTls()).isTrue();
    }

    @Test
    void adminUsersTakeNoGrants() {
        String yaml = minimal() + "admin:\n  listen: 127.0.0.1:3308\n  users: [{user: ops, password: pw, read-only: true}]\n";
        assertThat(problems(yaml)).containsExactly("admin.users.ops.read-only: unknown key (valid keys: user, password)");
    }

    // ---------------------------------------------------------------- client limits

    @Test
    void clientLimitDefaults() {
        ProxySettings p = TestYaml.load(minimal()).proxy();
        assertThat(p.limits()).isEqualTo(new ClientLimits(1000, 64 << 20, Duration.ofSeconds(30)));
        assertThat(p.auth()).isEqualTo(new AuthSettings(5, Duration.ofMinutes(1), Duration.ofSeconds(30)));
    }

    @Test
    void clientLimitsAreRead() {
        ProxySettings p = TestYaml.load(withProxyKeys("""
                max-handshakes: 50
                max-packet: 16M
                net-read-timeout: 2s
                auth: {max-failures: 3, failure-window: 5m, max-delay: 10s}
                """)).proxy();
        assertThat(p.limits()).isEqualTo(new ClientLimits(50, 16 << 20, Duration.ofSeconds(2)));
        assertThat(p.auth()).isEqualTo(new AuthSettings(3, Duration.ofMinutes(5), Duration.ofSeconds(10)));
    }

    @Test
    void maxHandshakesIsPositive() {
        assertThat(problems(withProxyKeys("max-handshakes: 0"))).containsExactly(
                "proxy.max-handshakes: 0 is out of range 1..1000000");
    }

    @Test
    void maxPacketSpellings() {
        for (String text : List.of("1048576", "1_048_576", "1024K", "1024k", "1M", "1MB", "1MiB", "1 M")) {
            assertThat(TestYaml.load(withProxyKeys("max-packet: " + text)).proxy().limits().maxPacket())
                    .as(text).isEqualTo(1 << 20);
        }
        assertThat(TestYaml.load(withProxyKeys("max-packet: 1G")).proxy().limits().maxPacket()).isEqualTo(1 << 30);
    }

    @Test
    void maxPacketOutOfMysqlsRange() {
        assertThat(problems(withProxyKeys("max-packet: 512"))).containsExactly(
                "proxy.max-packet: '512' is out of range 1K..1G");
        assertThat(problems(withProxyKeys("max-packet: 2G"))).containsExactly(
                "proxy.max-packet: '2G' is out of range 1K..1G");
    }

    @Test
    void maxPacketMustBeASize() {
        assertThat(problems(withProxyKeys("max-packet: 64 megabytes"))).containsExactly(
                "proxy.max-packet: '64 megabytes' is not a size (e.g. 65536, 64K, 16M, 1G)");
        assertThat(problems(withProxyKeys("max-packet: 99999999999999999999"))).containsExactly(
                "proxy.max-packet: '99999999999999999999' is too large");
    }

    @Test
    void netReadTimeoutIsADurationAboveZero() {
        assertThat(problems(withProxyKeys("net-read-timeout: 30"))).containsExactly(
                "proxy.net-read-timeout: '30' has no unit (write e.g. 30ms or 30s)");
        assertThat(problems(withProxyKeys("net-read-timeout: 0"))).containsExactly(
                "proxy.net-read-timeout: must be at least 1ms, got '0'");
    }

    @Test
    void authKeysAreChecked() {
        assertThat(problems(withProxyKeys("auth: {max-failure: 3}"))).containsExactly(
                "proxy.auth.max-failure: unknown key (did you mean 'max-failures'?)");
        assertThat(problems(withProxyKeys("auth: {max-failures: 0, failure-window: 500ms, max-delay: 0}")))
                .containsExactly(
                        "proxy.auth.max-failures: 0 is out of range 1..1000000",
                        "proxy.auth.failure-window: must be at least 1s, got '500ms'",
                        "proxy.auth.max-delay: must be at least 1s, got '0'");
    }

    // ---------------------------------------------------------------- node tls

    private static String nodeTls(String tls) {
        return PROXY + """
                nodes:
                  - {name: ds0, primary: 127.0.0.1:13306, user: shard, password: pw, tls: %s}
                schemas:
                  - {name: shop, default-node: ds0}
                """.formatted(tls);
    }

    @Test
    void nodeTlsDefaultsToVerifyingTheCaOfTheJvm() {
        assertThat(TestYaml.load(minimal()).node("ds0").orElseThrow().tls()).isNull();
        assertThat(TestYaml.load(nodeTls("{}")).node("ds0").orElseThrow().tls())
                .isEqualTo(new BackendTls(BackendTls.Mode.VERIFY_CA, null));
    }

    @Test
    void nodeTlsWithCaFile(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "ca");
        NodeConfig node = TestYaml.load(nodeTls("{mode: verify-identity, ca-file: '" + ca + "'}")).node("ds0").orElseThrow();
        assertThat(node.tls()).isEqualTo(new BackendTls(BackendTls.Mode.VERIFY_IDENTITY, ca));
    }

    @Test
    void nodeTlsModeIsOneOfThree() {
        assertThat(problems(nodeTls("{mode: verify_ca}"))).containsExactly(
                "nodes.ds0.tls.mode: unknown mode 'verify_ca' (did you mean 'verify-ca'?)");
        assertThat(problems(nodeTls("{mode: preferred}"))).containsExactly(
                "nodes.ds0.tls.mode: unknown mode 'preferred' (one of required, verify-ca, verify-identity)");
    }

    @Test
    void nodeTlsCaFileMustBeReadable(@TempDir Path dir) {
        Path missing = dir.resolve("no-ca.pem");
        assertThat(problems(nodeTls("{ca-file: '" + missing + "'}"))).containsExactly(
                "nodes.ds0.tls.ca-file: '" + missing + "' is not a readable file (looked for " + missing + ")");
    }

    @Test
    void nodeTlsChangesTheConnection(@TempDir Path dir) throws Exception {
        ShardgateConfig plain = TestYaml.load(minimal());
        ShardgateConfig tls = TestYaml.load(minimal().replace("password: node-pw}", "password: node-pw, tls: {mode: required}}"));
        assertThat(ConfigDiff.between(plain, tls).changedNodes()).containsExactly("ds0", "ds1");
    }
}
