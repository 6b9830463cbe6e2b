package io.shardgate.config;

import static io.shardgate.config.TestYaml.load;
import static io.shardgate.config.TestYaml.minimal;
import static io.shardgate.config.TestYaml.problems;
import static io.shardgate.config.TestYaml.withTables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import io.shardgate.config.StrategyParams.Period;
import io.shardgate.config.StrategyParams.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void defaultsForEverythingOptional() {
        ShardgateConfig c = load(minimal());
        ProxySettings p = c.proxy();
        assertThat(p.listen()).isEqualTo(new HostPort("127.0.0.1", 3307));
        assertThat(p.maxConnections()).isEqualTo(10_000);
        assertThat(p.workerId()).isZero();
        assertThat(p.slowQuery()).isEqualTo(Duration.ofMillis(1000));
        assertThat(p.allowIps()).isEmpty();
        assertThat(p.tls()).isNull();
        assertThat(p.users()).singleElement().satisfies(u -> assertThat(u.schemas()).isEmpty());
        assertThat(c.admin()).isEqualTo(AdminSettings.DISABLED);
        assertThat(c.timeZone()).isEqualTo(ZoneOffset.UTC);
        NodeConfig ds0 = c.node("ds0").orElseThrow();
        assertThat(ds0.pool()).isEqualTo(PoolSettings.DEFAULTS);
        assertThat(ds0.replicas()).isEmpty();
        assertThat(ds0.maxReplicaLag()).isNull();
        assertThat(c.schema("SHOP").orElseThrow().tables()).isEmpty();
    }

    @Test
    void theDocumentedExampleLoads(@TempDir Path dir) throws Exception {
        String brief = Files.readString(Path.of("src/test/resources/format-example.yaml"));
        Files.writeString(dir.resolve("server.crt"), "cert");
        Files.writeString(dir.resolve("server.key"), "key");
        Path file = dir.resolve("sharding.yaml");
        Files.writeString(file, brief);

        ShardgateConfig c = ConfigLoader.load(file, Map.of("APP_PASSWORD", "from-env")::get);

        assertThat(c.proxy().users().getFirst().password().reveal()).isEqualTo("from-env");
        assertThat(c.proxy().allowIps()).containsExactly("127.0.0.0/8", "::1");
        assertThat(c.proxy().workerId()).isEqualTo(1);
        assertThat(c.proxy().slowQuery()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.proxy().tls()).isEqualTo(new TlsSettings(dir.resolve("server.crt"), dir.resolve("server.key"), false));
        assertThat(c.admin().listen()).isEqualTo(new HostPort("127.0.0.1", 3308));
        assertThat(c.admin().httpListen()).isEqualTo(new HostPort("127.0.0.1", 9797));
        NodeConfig ds0 = c.node("ds0").orElseThrow();
        assertThat(ds0.replicas()).containsExactly(
                new ReplicaConfig(new HostPort("127.0.0.1", 13309), 2), new ReplicaConfig(new HostPort("127.0.0.1", 13310), 1));
        assertThat(ds0.pool()).isEqualTo(new PoolSettings(64, 4, Duration.ofSeconds(3), Duration.ofMinutes(10)));
        assertThat(ds0.maxReplicaLag()).isEqualTo(Duration.ofSeconds(5));

        SchemaConfig shop = c.schema("shop").orElseThrow();
        assertThat(shop.tables()).extracting(TableConfig::name).containsExactly(
                "orders", "order_items", "accounts", "events", "customers", "sessions", "profiles", "countries");
        assertThat(shop.table("orders").orElseThrow().keyGenerator()).isEqualTo(new KeyGeneratorConfig("order_id", "snowflake"));
        assertThat(shop.table("accounts").orElseThrow().params()).isEqualTo(new StrategyParams.Range(1_000_000L, null));
        assertThat(shop.table("customers").orElseThrow().params()).isEqualTo(
                new StrategyParams.Region(Map.of("north", 0, "south", 1, "east", 2, "west", 3), 0));
        assertThat(shop.table("sessions").orElseThrow().params()).isEqualTo(new StrategyParams.ConsistentHash(160));
        assertThat(shop.table("profiles").orElseThrow().params()).isEqualTo(
                new StrategyParams.Lookup("ds0", "profiles_locator", StrategyType.HASH_MOD, 100_000));
        TableConfig countries = shop.table("countries").orElseThrow();
        assertThat(countries.broadcast()).isTrue();
        assertThat(countries.nodes()).containsExactly("ds0", "ds1");
        assertThat(countries.locations()).containsExactly(1, 1);
        assertThat(countries.strategy()).isNull();
    }

    @Test
    void bindingTablesCarryTheirParentsLayout() {
        ShardgateConfig c = load(withTables("""
                - name: orders
                  shard-key: user_id
                  strategy: region
                  nodes: [ds0, ds1]
                  locations: [1, 2]
                  regions: {north: 0, south: 1, east: 2}
                - name: order_items
                  binding: Orders
                  shard-key: USER_ID
                  key-generator: {column: item_id}
                """));
        TableConfig items = c.schema("shop").orElseThrow().table("order_items").orElseThrow();
        TableConfig orders = c.schema("shop").orElseThrow().table("orders").orElseThrow();
        assertThat(items.binding()).isEqualTo("orders");
        assertThat(items.shardKey()).isEqualTo("USER_ID");
        assertThat(items.strategy()).isEqualTo(StrategyType.REGION);
        assertThat(items.nodes()).isEqualTo(orders.nodes());
        assertThat(items.locations()).containsExactly(1, 2);
        assertThat(items.params()).isEqualTo(orders.params());
        assertThat(items.keyGenerator()).isEqualTo(new KeyGeneratorConfig("item_id", "snowflake"));
        assertThat(items.sharded()).isTrue();
    }

    @Test
    void timeLocationsAreDerivedFromPeriods() {
        ShardgateConfig c = load(withTables("""
                - name: by_month
                  shard-key: created_at
                  strategy: time
                  unit: month
                  nodes: [ds0, ds1]
                  periods: [2024-01..2024-12, 2025-01..2025-03]
                - name: by_day
                  shard-key: created_at
                  strategy: time
                  unit: day
                  nodes: [ds1]
                  periods: [2024-02-01..2024-03-01]
                - name: by_year
                  shard-key: created_at
                  strategy: time
                  unit: YEAR
                  nodes: [ds0, ds1]
                  periods: ['2024', 2025..2027]
                """));
        SchemaConfig shop = c.schema("shop").orElseThrow();
        TableConfig month = shop.table("by_month").orElseThrow();
        assertThat(month.locations()).containsExactly(12, 3);
        assertThat(month.params()).isEqualTo(new StrategyParams.Time(TimeUnit.MONTH, List.of(
                new Period(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)),
                new Period(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 3, 31)))));
        TableConfig day = shop.table("by_day").orElseThrow();
        assertThat(day.locations()).containsExactly(30); // 2024 is a leap year: 29 days of February + March 1st
        TableConfig year = shop.table("by_year").orElseThrow();
        assertThat(year.locations()).containsExactly(1, 3);
        assertThat(((StrategyParams.Time) year.params()).periods().get(1))
                .isEqualTo(new Period(LocalDate.of(2025, 1, 1), LocalDate.of(2027, 12, 31)));
    }

    @Test
    void environmentSubstitutionInAnyScalar() {
        // In flow style ({...} or [...]) a ${VAR} value must be quoted: '{' is flow syntax there.
        String yaml = minimal().replace("password: secret-pw", "password: '${APP_PW}'")
                .replace("proxy:\n", "proxy:\n  listen: ${HOST:-127.0.0.1}:${PORT:-4000}\n  max-connections: ${MAX}\n");
        ShardgateConfig c = load(yaml, Map.of("APP_PW", "s3cret", "PORT", "5000", "MAX", "42"));
        assertThat(c.proxy().users().getFirst().password().reveal()).isEqualTo("s3cret");
        assertThat(c.proxy().listen()).isEqualTo(new HostPort("127.0.0.1", 5000));
        assertThat(c.proxy().maxConnections()).isEqualTo(42);
    }

    @Test
    void tlsPathsResolveAgainstTheConfigFilesDirectory(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/a.crt"), "x");
        Files.writeString(dir.resolve("certs/a.key"), "x");
        Path file = dir.resolve("sharding.yaml");
        Files.writeString(file, minimal().replace("proxy:\n",
                "proxy:\n  tls: {cert-file: certs/a.crt, key-file: certs/a.key, required: true}\n"));
        TlsSettings tls = ConfigLoader.load(file, TestYaml.NO_ENV).proxy().tls();
        assertThat(tls).isEqualTo(new TlsSettings(dir.resolve("certs/a.crt"), dir.resolve("certs/a.key"), true));
    }

    @Test
    void durationsAreParsedOnce() {
        ShardgateConfig c = load(TestYaml.PROXY + """
                nodes:
                  - name: ds0
                    primary: 127.0.0.1:13306
                    replicas: [127.0.0.1:13309]
                    user: u
                    password: p
                    pool: {max: 8, min-idle: 2, acquire-timeout: 1500ms, idle-timeout: 1h30m}
                    max-replica-lag: 2s
                schemas: [{name: shop, default-node: ds0}]
                """);
        NodeConfig ds0 = c.nodes().getFirst();
        assertThat(ds0.pool()).isEqualTo(new PoolSettings(8, 2, Duration.ofMillis(1500), Duration.ofMinutes(90)));
        assertThat(ds0.maxReplicaLag()).isEqualTo(Duration.ofSeconds(2));
        assertThat(ds0.replicas()).containsExactly(new ReplicaConfig(new HostPort("127.0.0.1", 13309), 1));
    }

    @Test
    void softValuesAreClampedWithAWarning() {
        String yaml = TestYaml.PROXY + """
                nodes:
                  - name: ds0
                    primary: 127.0.0.1:13306
                    user: u
                    password: p
                    pool: {max: 4, min-idle: 10, acquire-timeout: 100ms, idle-timeout: 1s}
                schemas: [{name: shop, default-node: ds0}]
                """;
        LoadedConfig loaded = ConfigLoader.read(yaml, "test.yaml", TestYaml.NO_ENV, Path.of(""));
        assertThat(loaded.config().nodes().getFirst().pool())
                .isEqualTo(new PoolSettings(4, 4, Duration.ofMillis(250), Duration.ofSeconds(10)));
        assertThat(loaded.warnings()).extracting(ConfigProblem::toString).containsExactly(
                "nodes.ds0.pool.min-idle: 10 is above max 4; using 4",
                "nodes.ds0.pool.acquire-timeout: 100ms is below 250ms; using 250ms",
                "nodes.ds0.pool.idle-timeout: 1s is below 10s; using 10s");
    }

    @Test
    void unusedNodesAndUnreachableRegionShardsAreWarnings() {
        String yaml = withTables("""
                - name: customers
                  shard-key: region
                  strategy: region
                  nodes: [ds0]
                  locations: [3]
                  regions: {north: 0, south: 1}
                """).replace("default-node: ds0", "default-node: ds0");
        LoadedConfig loaded = ConfigLoader.read(yaml, "test.yaml", TestYaml.NO_ENV, Path.of(""));
        assertThat(loaded.warnings()).extracting(ConfigProblem::toString).containsExactly(
                "schemas.shop.tables.customers.regions: shard 2 receive no region and stay empty",
                "nodes.ds1: not used by any schema or table");
    }

    @Test
    void yamlSyntaxErrorGivesLineAndColumn() {
        String yaml = """
                proxy:
                  listen: 127.0.0.1:3307
                 users: []
                """;
        assertThat(problems(yaml)).singleElement().asString()
                .startsWith("YAML syntax error at line 3, column 2: ");
    }

    @Test
    void tabIndentationIsASyntaxError() {
        assertThat(problems("proxy:\n\tlisten: x\n")).singleElement().asString()
                .startsWith("YAML syntax error at line 2, column 1: ");
    }

    @Test
    void passwordsNeverShowInToStringOrMessages() {
        String yaml = minimal().replace("proxy:\n", "proxy:\n  worker-id: -1\n");
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> load(yaml));
        assertThat(e.getMessage()).doesNotContain("secret-pw").doesNotContain("node-pw");
        ShardgateConfig c = load(minimal());
        assertThat(c.toString()).doesNotContain("secret-pw").doesNotContain("node-pw").contains("****");
        assertThat(c.node("ds0").orElseThrow().password().reveal()).isEqualTo("node-pw");
    }

    @Test
    void passwordsDoNotLeakThroughSyntaxMistakes() {
        assertThat(problems(minimal().replace("[{user: app, password: secret-pw}]", "['app:secret-pw']")))
                .containsExactly("proxy.users[0]: expected a mapping, found a single value");
        assertThat(problems(minimal().replace("password: secret-pw", "password: 'se${cret pw}'")))
                .containsExactly("proxy.users.app.password: contains a malformed ${...} reference (write $${ for a literal ${)");
    }

    @Test
    void anchorsAndMergeKeysWork() {
        ShardgateConfig c = load(TestYaml.PROXY + """
                nodes:
                  - &base {name: ds0, primary: 127.0.0.1:13306, user: shard, password: pw, pool: {max: 8}}
                  - <<: *base
                    name: ds1
                    primary: 127.0.0.1:13307
                schemas: [{name: shop, default-node: ds0}]
                """);
        NodeConfig ds1 = c.node("ds1").orElseThrow();
        assertThat(ds1.primary()).isEqualTo(new HostPort("127.0.0.1", 13307));
        assertThat(ds1.user()).isEqualTo("shard");
        assertThat(ds1.pool().max()).isEqualTo(8);
    }

    @Test
    void yamlOneOneSurprisesStayText() {
        // 'on', 10:30 and dates are booleans, sexagesimal ints and Dates in YAML 1.1; here they are text.
        ShardgateConfig c = load(minimal().replace("[{user: app, password: secret-pw}]",
                "[{user: 'on', password: 10:30}, {user: no, password: 2024-01-01}]"));
        assertThat(c.proxy().users()).extracting(UserConfig::user).containsExactly("on", "no");
        assertThat(c.proxy().users()).extracting(u -> u.password().reveal()).containsExactly("10:30", "2024-01-01");
    }

    @Test
    void javaTypeTagsAreRefused() {
        // A classic gadget tag; snakeyaml refuses global tags while composing, before anything is built.
        String yaml = minimal().replace("password: secret-pw", "password: !!javax.script.ScriptEngineManager x");
        assertThat(problems(yaml)).singleElement().asString()
                .isEqualTo("YAML syntax error at line 2, column 33: Global tag is not allowed:"
                        + " tag:yaml.org,2002:javax.script.ScriptEngineManager");
    }

    @Test
    void aliasBombsAreRefused() {
        StringBuilder yaml = new StringBuilder(minimal()).append("x0: &a0 [1, 2]\n");
        for (int i = 1; i < 12; i++) {
            yaml.append("x").append(i).append(": &a").append(i).append(" [*a").append(i - 1)
                    .append(", *a").append(i - 1).append(", *a").append(i - 1).append(", *a").append(i - 1)
                    .append(", *a").append(i - 1).append(", *a").append(i - 1).append(", *a").append(i - 1)
                    .append(", *a").append(i - 1).append(", *a").append(i - 1).append(", *a").append(i - 1).append("]\n");
        }
        assertThat(problems(yaml.toString())).singleElement().asString().contains("aliases");
    }

    @Test
    void missingFileIsAProblemNotAnIoException(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(missing)).isInstanceOf(ConfigException.class)
                .hasMessage("cannot read " + missing + ": no such file");
    }

    @Test
    void messageListsOneProblemPerLine() {
        String yaml = minimal().replace("proxy:\n", "proxy:\n  worker-id: -1\n  max-connections: x\n");
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class).hasMessage("""
                proxy.max-connections: 'x' is not an integer
                proxy.worker-id: -1 is out of range 0..1023""");
    }

    @Test
    void timeZoneNamesAndOffsets() {
        assertThat(load(minimal() + "time-zone: Asia/Shanghai\n").timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(load(minimal() + "time-zone: +08:00\n").timeZone()).isEqualTo(ZoneOffset.ofHours(8));
    }
}
