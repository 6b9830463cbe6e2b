package io.shardgate.config;

import static io.shardgate.config.TestYaml.NODES;
import static io.shardgate.config.TestYaml.PROXY;
import static io.shardgate.config.TestYaml.minimal;
import static io.shardgate.config.TestYaml.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One test per rule of the document root, proxy, admin, nodes and schemas sections. */
class SectionValidationTest {

    private static final String SCHEMA = """
            schemas:
              - name: shop
                default-node: ds0
            """;

    // ---------------------------------------------------------------- root

    @Test
    void unknownTopLevelKeySuggests() {
        assertThat(problems(minimal() + "timezone: UTC\n")).containsExactly(
                "timezone: unknown key (did you mean 'time-zone'?)");
    }

    @Test
    void unknownKeyWithoutSuggestionListsValidKeys() {
        assertThat(problems(minimal() + "routing: {}\n")).containsExactly(
                "routing: unknown key (valid keys: proxy, admin, nodes, schemas, time-zone, reshard)");
    }

    @Test
    void requiredSections() {
        assertThat(problems("time-zone: UTC\n")).containsExactly(
                "proxy: required key is missing",
                "nodes: required key is missing",
                "schemas: required key is missing");
    }

    @Test
    void documentMustBeAMapping() {
        assertThat(problems("- a\n- b\n")).containsExactly("expected a mapping, found a list");
    }

    @Test
    void emptyDocument() {
        assertThat(problems("# nothing here\n")).containsExactly("the document is empty");
    }

    @Test
    void duplicateKey() {
        assertThat(problems(minimal() + "time-zone: UTC\ntime-zone: Europe/Paris\n")).containsExactly(
                "time-zone: duplicate key");
    }

    @Test
    void unknownTimeZoneSuggests() {
        assertThat(problems(minimal() + "time-zone: Europe/Pariss\n")).containsExactly(
                "time-zone: unknown time zone 'Europe/Pariss' (did you mean 'Europe/Paris'?)");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        String yaml = """
                proxy:
                  users: [{user: app, password: secret-pw}]
                  worker-id: 5000
                nodes:
                  - {name: ds0, primary: 127.0.0.1, user: shard, password: x}
                schemas:
                  - name: shop
                    default-node: ds1
                """;
        assertThat(problems(yaml)).containsExactly(
                "proxy.worker-id: 5000 is out of range 0..1023",
                "nodes.ds0.primary: '127.0.0.1' is not host:port",
                "schemas.shop.default-node: unknown node 'ds1' (did you mean 'ds0'?)");
    }

    // ---------------------------------------------------------------- proxy

    @Test
    void unknownProxyKeySuggests() {
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  max_connections: 10\n"))).containsExactly(
                "proxy.max_connections: unknown key (did you mean 'max-connections'?)");
    }

    @Test
    void workerIdRange() {
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  worker-id: 1024\n"))).containsExactly(
                "proxy.worker-id: 1024 is out of range 0..1023");
    }

    @Test
    void maxConnectionsMustBePositive() {
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  max-connections: 0\n"))).containsExactly(
                "proxy.max-connections: 0 is out of range 1..1000000");
    }

    @Test
    void integerMustBeAnInteger() {
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  slow-query-ms: 1s\n"))).containsExactly(
                "proxy.slow-query-ms: '1s' is not an integer");
    }

    @Test
    void statementTimeoutAndScatterConnectionsDefaults() {
        ProxySettings proxy = TestYaml.load(minimal()).proxy();
        assertThat(proxy.statementTimeout()).isZero();
        assertThat(proxy.scatterExtraConnections()).isEqualTo(8);
        ProxySettings set = TestYaml.load(minimal().replace("proxy:\n",
                "proxy:\n  statement-timeout: 1m30s\n  scatter-extra-connections: 0\n")).proxy();
        assertThat(set.statementTimeout()).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(set.scatterExtraConnections()).isZero();
    }

    @Test
    void statementTimeoutIsADuration() {
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  statement-timeout: 300\n"))).containsExactly(
                "proxy.statement-timeout: '300' has no unit (write e.g. 300ms or 300s)");
    }

    @Test
    void statementTimeoutAtMostMysqlsLargestMaxExecutionTime() {
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  statement-timeout: 50d\n"))).containsExactly(
                "proxy.statement-timeout: must be at most 4294967295ms (MySQL's largest max_execution_time), got '50d'");
    }

    @Test
    void writeAndDdlTimeoutsDefaultToOneMinuteAndNone() {
        ProxySettings proxy = TestYaml.load(minimal()).proxy();
        assertThat(proxy.writeTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(proxy.ddlTimeout()).isZero();
        ProxySettings set = TestYaml.load(minimal().replace("proxy:\n",
                "proxy:\n  write-timeout: 2s\n  ddl-timeout: 1h\n")).proxy();
        assertThat(set.writeTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(set.ddlTimeout()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(TestYaml.load(minimal().replace("proxy:\n", "proxy:\n  write-timeout: 0s\n")).proxy()
                .writeTimeout()).isZero();
    }

    @Test
    void writeTimeoutIsADuration() {
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  write-timeout: 60\n"))).containsExactly(
                "proxy.write-timeout: '60' has no unit (write e.g. 60ms or 60s)");
    }

    @Test
    void scatterExtraConnectionsRange() {
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  scatter-extra-connections: -1\n")))
                .containsExactly("proxy.scatter-extra-connections: -1 is out of range 0..1024");
    }

    @Test
    void maxSortRowsDefaultsToAMillionAndIsPositive() {
        assertThat(TestYaml.load(minimal()).proxy().maxSortRows()).isEqualTo(1_000_000);
        assertThat(TestYaml.load(minimal().replace("proxy:\n", "proxy:\n  max-sort-rows: 5000\n")).proxy()
                .maxSortRows()).isEqualTo(5000);
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  max-sort-rows: 0\n")))
                .containsExactly("proxy.max-sort-rows: must be at least 1, got 0");
    }

    @Test
    void maxJoinRowsDefaultsToAMillionAndIsPositive() {
        assertThat(TestYaml.load(minimal()).proxy().maxJoinRows()).isEqualTo(1_000_000);
        assertThat(TestYaml.load(minimal().replace("proxy:\n", "proxy:\n  max-join-rows: 5000\n")).proxy()
                .maxJoinRows()).isEqualTo(5000);
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  max-join-rows: 0\n")))
                .containsExactly("proxy.max-join-rows: must be at least 1, got 0");
    }

    @Test
    void transportDefaultsToAutoAndIsOneOfTheKnown() {
        assertThat(TestYaml.load(minimal()).proxy().transport()).isEqualTo("auto");
        assertThat(TestYaml.load(minimal().replace("proxy:\n", "proxy:\n  transport: IO-URING\n")).proxy()
                .transport()).isEqualTo("io-uring");
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  transport: epol\n"))).containsExactly(
                "proxy.transport: unknown transport 'epol' (did you mean 'epoll'?)");
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  transport: kqueue\n"))).containsExactly(
                "proxy.transport: unknown transport 'kqueue' (one of auto, nio, epoll, io-uring)");
    }

    @Test
    void ioThreadsIsAutoOrAPositiveCount() {
        assertThat(TestYaml.load(minimal()).proxy().ioThreads()).isEqualTo(ProxySettings.AUTO_IO_THREADS);
        assertThat(TestYaml.load(minimal().replace("proxy:\n", "proxy:\n  io-threads: AUTO\n")).proxy()
                .ioThreads()).isEqualTo(ProxySettings.AUTO_IO_THREADS);
        assertThat(TestYaml.load(minimal().replace("proxy:\n", "proxy:\n  io-threads: 3\n")).proxy()
                .ioThreads()).isEqualTo(3);
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  io-threads: 0\n"))).containsExactly(
                "proxy.io-threads: must be 'auto' or an integer 1..1024, got '0'");
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  io-threads: two\n"))).containsExactly(
                "proxy.io-threads: must be 'auto' or an integer 1..1024, got 'two'");
    }

    @Test
    void listenMustParse() {
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  listen: localhost\n"))).containsExactly(
                "proxy.listen: 'localhost' is not host:port");
    }

    @Test
    void listenPortRange() {
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  listen: 127.0.0.1:70000\n"))).containsExactly(
                "proxy.listen: '127.0.0.1:70000' port must be 1..65535");
    }

    @Test
    void userNeedsAPassword() {
        assertThat(problems(minimal().replace("{user: app, password: secret-pw}", "{user: app}"))).containsExactly(
                "proxy.users.app.password: required key is missing");
    }

    @Test
    void userPasswordMustNotBeEmpty() {
        assertThat(problems(minimal().replace("password: secret-pw", "password: ''"))).containsExactly(
                "proxy.users.app.password: must not be empty");
    }

    @Test
    void atLeastOneUser() {
        assertThat(problems(minimal().replace("[{user: app, password: secret-pw}]", "[]"))).containsExactly(
                "proxy.users: at least one user is required");
    }

    @Test
    void duplicateUserNames() {
        assertThat(problems(minimal().replace("[{user: app, password: secret-pw}]",
                "[{user: app, password: a}, {user: app, password: b}]"))).containsExactly(
                "proxy.users[1].user: duplicate user name 'app'");
    }

    @Test
    void userSchemasMustExist() {
        assertThat(problems(minimal().replace("password: secret-pw}", "password: secret-pw, schemas: [shp]}")))
                .containsExactly("proxy.users.app.schemas[0]: unknown schema 'shp' (did you mean 'shop'?)");
    }

    @Test
    void allowIpsAreAddressesOrCidrs() {
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  allow-ips: [10.0.0.0/8, 10.0.0.300, db.local, '::1/129']\n")))
                .containsExactly(
                        "proxy.allow-ips[1]: '10.0.0.300' is not an IP address or CIDR (e.g. 10.0.0.0/8, ::1)",
                        "proxy.allow-ips[2]: 'db.local' is not an IP address or CIDR (e.g. 10.0.0.0/8, ::1)",
                        "proxy.allow-ips[3]: '::1/129' prefix length must be 0..128");
    }

    @Test
    void tlsFilesMustExist() {
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  tls: {cert-file: /nonexistent/a.crt, key-file: /nonexistent/a.key}\n")))
                .containsExactly(
                        "proxy.tls.cert-file: '/nonexistent/a.crt' is not a readable file (looked for /nonexistent/a.crt)",
                        "proxy.tls.key-file: '/nonexistent/a.key' is not a readable file (looked for /nonexistent/a.key)");
    }

    @Test
    void tlsNeedsBothFiles() {
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  tls: {required: true}\n"))).containsExactly(
                "proxy.tls.cert-file: required key is missing",
                "proxy.tls.key-file: required key is missing");
    }

    @Test
    void expectedAListFoundAMapping() {
        assertThat(problems(minimal().replace("proxy:\n", "proxy:\n  allow-ips: {a: 1}\n"))).containsExactly(
                "proxy.allow-ips: expected a list, found a mapping");
    }

    // ---------------------------------------------------------------- admin

    @Test
    void adminListenNeedsUsers() {
        assertThat(problems(minimal() + "admin: {listen: 127.0.0.1:3308}\n")).containsExactly(
                "admin.users: required key is missing");
    }

    @Test
    void digestLimitIsBoundedAndDefaults() {
        assertThat(problems(minimal() + "admin: {http-listen: 127.0.0.1:9797, digest-limit: 0}\n")).containsExactly(
                "admin.digest-limit: 0 is out of range 1..1000000");
        assertThat(ConfigLoader.parse(minimal() + "admin: {http-listen: 127.0.0.1:9797}\n", "t.yaml").admin()
                .digestLimit()).isEqualTo(AdminSettings.DEFAULT_DIGEST_LIMIT);
        assertThat(ConfigLoader.parse(minimal() + "admin: {http-listen: 127.0.0.1:9797, digest-limit: 50}\n", "t.yaml")
                .admin().digestLimit()).isEqualTo(50);
    }

    @Test
    void listenersMustNotClash() {
        assertThat(problems(minimal() + "admin: {http-listen: 0.0.0.0:3307}\n")).containsExactly(
                "admin.http-listen: 0.0.0.0:3307 clashes with proxy.listen 127.0.0.1:3307");
    }

    // ---------------------------------------------------------------- nodes

    @Test
    void nodeRequiredKeys() {
        assertThat(problems(PROXY + "nodes:\n  - {name: ds0}\n" + SCHEMA)).containsExactly(
                "nodes.ds0.primary: required key is missing",
                "nodes.ds0.user: required key is missing",
                "nodes.ds0.password: required key is missing");
    }

    @Test
    void nodeWithoutNameUsesItsIndex() {
        assertThat(problems(PROXY + NODES + "  - {primary: 127.0.0.1:1, user: u, password: p}\n" + SCHEMA))
                .containsExactly("nodes[2].name: required key is missing");
    }

    @Test
    void duplicateNodeNames() {
        assertThat(problems(PROXY + NODES.replace("name: ds1", "name: ds0") + SCHEMA)).containsExactly(
                "nodes[1].name: duplicate node name 'ds0'");
    }

    @Test
    void nodeNameCharacters() {
        assertThat(problems(PROXY + NODES.replace("name: ds1", "name: 'ds 1'") + SCHEMA)).containsExactly(
                "nodes[1].name: 'ds 1' is not a node name (1-64 letters, digits, _ and -)");
    }

    @Test
    void replicaWeightMustBePositive() {
        assertThat(problems(PROXY + NODES.replace("password: node-pw}", "password: node-pw, replicas: [127.0.0.1:13309@0]}")
                + SCHEMA)).contains("nodes.ds0.replicas[0]: 0 is out of range 1..1000");
    }

    @Test
    void replicaWeightMustBeANumber() {
        assertThat(problems(PROXY + NODES.replace("name: ds1, primary: 127.0.0.1:13307,",
                "name: ds1, primary: 127.0.0.1:13307, replicas: [127.0.0.1:13309@heavy],") + SCHEMA)).containsExactly(
                "nodes.ds1.replicas[0]: 'heavy' is not an integer");
    }

    @Test
    void replicaMustNotBeThePrimary() {
        assertThat(problems(PROXY + NODES.replace("name: ds1, primary: 127.0.0.1:13307,",
                "name: ds1, primary: 127.0.0.1:13307, replicas: ['127.0.0.1:13307@2'],") + SCHEMA)).containsExactly(
                "nodes.ds1.replicas[0]: '127.0.0.1:13307@2' is the primary's address");
    }

    @Test
    void poolDurationNeedsAUnit() {
        assertThat(problems(PROXY + NODES.replace("name: ds1, primary: 127.0.0.1:13307,",
                "name: ds1, primary: 127.0.0.1:13307, pool: {acquire-timeout: 3},") + SCHEMA)).containsExactly(
                "nodes.ds1.pool.acquire-timeout: '3' has no unit (write e.g. 3ms or 3s)");
    }

    @Test
    void poolConnectTimeoutDefaultsToTenSecondsAndHasAFloor() {
        assertThat(TestYaml.load(PROXY + NODES + SCHEMA).nodes().getFirst().pool().connectTimeout())
                .isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(TestYaml.load(PROXY + NODES.replace("name: ds1, primary: 127.0.0.1:13307,",
                "name: ds1, primary: 127.0.0.1:13307, pool: {connect-timeout: 2s},") + SCHEMA).node("ds1")
                .orElseThrow().pool().connectTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(problems(PROXY + NODES.replace("name: ds1, primary: 127.0.0.1:13307,",
                "name: ds1, primary: 127.0.0.1:13307, pool: {connect-timeout: 10ms},") + SCHEMA)).containsExactly(
                "nodes.ds1.pool.connect-timeout: must be at least 100ms, got '10ms'");
    }

    @Test
    void poolMaxMustBePositive() {
        assertThat(problems(PROXY + NODES.replace("name: ds1, primary: 127.0.0.1:13307,",
                "name: ds1, primary: 127.0.0.1:13307, pool: {max: 0},") + SCHEMA)).containsExactly(
                "nodes.ds1.pool.max: 0 is out of range 1..100000");
    }

    @Test
    void unsetEnvironmentVariableWithoutDefault() {
        assertThat(problems(PROXY + NODES.replace("password: node-pw}\n  - {name: ds1", "password: '${DS0_PASSWORD}'}\n  - {name: ds1")
                + SCHEMA)).containsExactly(
                "nodes.ds0.password: environment variable DS0_PASSWORD is not set and has no default (${DS0_PASSWORD:-default})");
    }

    // ---------------------------------------------------------------- schemas

    @Test
    void schemaNeedsADefaultNode() {
        assertThat(problems(PROXY + NODES + "schemas:\n  - name: shop\n")).containsExactly(
                "schemas.shop.default-node: required key is missing (unsharded tables live there)");
    }

    @Test
    void transactionModeDefaultsToXaAndKnowsThreeModes() {
        assertThat(TestYaml.load(minimal()).transactionMode("shop")).isEqualTo(TransactionMode.XA);
        ShardgateConfig config = TestYaml.load(PROXY + NODES + """
                schemas:
                  - {name: shop, default-node: ds0, transaction-mode: single-node}
                  - {name: logs, default-node: ds1, transaction-mode: Best-Effort}
                """);
        assertThat(config.transactionMode("SHOP")).isEqualTo(TransactionMode.SINGLE_NODE);
        assertThat(config.transactionMode("logs")).isEqualTo(TransactionMode.BEST_EFFORT);
        assertThat(config.transactionMode("other")).as("unknown: the first schema's").isEqualTo(TransactionMode.SINGLE_NODE);
    }

    @Test
    void unknownTransactionModeSuggests() {
        assertThat(problems(PROXY + NODES + "schemas:\n  - {name: shop, default-node: ds0, transaction-mode: singlenode}\n"))
                .containsExactly("schemas.shop.transaction-mode: unknown mode 'singlenode' (did you mean 'single-node'?)");
        assertThat(problems(PROXY + NODES + "schemas:\n  - {name: shop, default-node: ds0, transaction-mode: 2pc}\n"))
                .containsExactly("schemas.shop.transaction-mode: unknown mode '2pc' (one of xa, single-node, best-effort)");
    }

    @Test
    void shardgateIsNoLogicalSchema() {
        assertThat(problems(PROXY + NODES + "schemas:\n  - {name: ShardGate, default-node: ds0}\n")).containsExactly(
                "schemas.ShardGate.name: 'shardgate' holds the proxy's XA decisions on every node and cannot be a logical schema");
    }

    @Test
    void xaRecoverySettings() {
        assertThat(TestYaml.load(minimal()).proxy().xa()).isEqualTo(XaSettings.DEFAULTS);
        String yaml = PROXY + "  xa-recovery-interval: 2s\n  xa-recovery-grace: 0s\n" + NODES + SCHEMA;
        assertThat(TestYaml.load(yaml).proxy().xa()).isEqualTo(new XaSettings(Duration.ofSeconds(2), Duration.ZERO));
        assertThat(problems(PROXY + "  xa-recovery-interval: 10ms\n" + NODES + SCHEMA))
                .containsExactly("proxy.xa-recovery-interval: must be at least 100ms, got '10ms'");
    }

    @Test
    void duplicateSchemaNamesIgnoreCase() {
        assertThat(problems(PROXY + NODES + SCHEMA + "  - {name: SHOP, default-node: ds1}\n")).containsExactly(
                "schemas[1].name: duplicate schema name 'SHOP'");
    }

    @Test
    void systemSchemasCannotBeConfigured() {
        assertThat(problems(PROXY + NODES + "schemas:\n  - {name: mysql, default-node: ds0}\n")).containsExactly(
                "schemas.mysql.name: 'mysql' is a MySQL system schema and cannot be a logical schema");
    }

    @Test
    void atLeastOneSchema() {
        assertThat(problems(PROXY + NODES + "schemas: []\n")).containsExactly("schemas: at least one schema is required");
    }
}
