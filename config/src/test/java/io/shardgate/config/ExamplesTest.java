package io.shardgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file in {@code examples/} loads with no problem and no warning, with an empty environment. */
class ExamplesTest {

    private static final Path EXAMPLES = Path.of("../examples");

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void oneExamplePerStrategyPlusPassthroughAndDemo() throws IOException {
        assertThat(examples().map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                "hash-mod.yaml", "range.yaml", "time.yaml", "region.yaml", "consistent-hash.yaml", "lookup.yaml",
                "passthrough.yaml", "demo.yaml");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void loadsCleanly(Path file) {
        LoadedConfig loaded = ConfigLoader.read(file, TestYaml.NO_ENV);
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.config().schemas()).isNotEmpty();
    }

    /** docker-compose's config must stay valid and keep the demo's tables (the compose file mounts it). */
    @Test
    void dockerConfigLoadsAndMatchesTheDemoTables() {
        ShardgateConfig docker = ConfigLoader.load(Path.of("../docker/sharding.yaml"), TestYaml.NO_ENV);
        ShardgateConfig demo = ConfigLoader.load(EXAMPLES.resolve("demo.yaml"), TestYaml.NO_ENV);
        assertThat(docker.schemas()).extracting(SchemaConfig::name)
                .containsExactlyElementsOf(demo.schemas().stream().map(SchemaConfig::name).toList());
        assertThat(docker.schemas().get(0).tables()).extracting(TableConfig::name)
                .containsExactlyElementsOf(demo.schemas().get(0).tables().stream().map(TableConfig::name).toList());
    }

    @Test
    void demoHasTheTablesTheDemoExpects() {
        ShardgateConfig demo = ConfigLoader.load(EXAMPLES.resolve("demo.yaml"), TestYaml.NO_ENV);
        assertThat(demo.proxy().listen()).isEqualTo(new HostPort("127.0.0.1", 3307));
        assertThat(demo.proxy().users()).singleElement().satisfies(u -> {
            assertThat(u.user()).isEqualTo("app");
            assertThat(u.password().reveal()).isEqualTo("app");
        });
        assertThat(demo.nodes()).extracting(NodeConfig::name).containsExactly("ds0", "ds1");
        assertThat(demo.node("ds0").orElseThrow().replicas()).hasSize(1);
        SchemaConfig shop = demo.schema("shop").orElseThrow();
        assertThat(shop.tables()).extracting(TableConfig::name)
                .containsExactly("orders", "order_items", "customers", "events", "countries");
        TableConfig orders = shop.table("orders").orElseThrow();
        assertThat(orders.strategy()).isEqualTo(StrategyType.HASH_MOD);
        assertThat(orders.locations()).containsExactly(2, 2);
        assertThat(orders.keyGenerator()).isEqualTo(new KeyGeneratorConfig("order_id", "snowflake"));
        assertThat(shop.table("order_items").orElseThrow().binding()).isEqualTo("orders");
        assertThat(shop.table("events").orElseThrow().locations()).containsExactly(6, 6);
        assertThat(shop.table("countries").orElseThrow().broadcast()).isTrue();
    }

    @Test
    void physicalNamesMatchTheDocumentedScheme() {
        ShardgateConfig c = ConfigLoader.load(EXAMPLES.resolve("hash-mod.yaml"), TestYaml.NO_ENV);
        TableConfig orders = c.schema("shop").orElseThrow().table("orders").orElseThrow();
        assertThat(SchemaReader.physicalNames(orders)).containsExactly(
                "orders_0000", "orders_0001", "orders_0002", "orders_0003",
                "orders_0004", "orders_0005", "orders_0006", "orders_0007");
        ShardgateConfig t = ConfigLoader.load(EXAMPLES.resolve("time.yaml"), TestYaml.NO_ENV);
        List<String> events = SchemaReader.physicalNames(t.schema("logs").orElseThrow().table("events").orElseThrow());
        assertThat(events).hasSize(24).startsWith("events_202401").endsWith("events_202512");
        assertThat(SchemaReader.physicalNames(t.schema("logs").orElseThrow().table("archive").orElseThrow()))
                .containsExactly("archive_2020", "archive_2021", "archive_2022", "archive_2023", "archive_2024", "archive_2025");
    }
}
