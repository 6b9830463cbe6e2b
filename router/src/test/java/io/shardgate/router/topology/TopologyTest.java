package io.shardgate.router.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.HostPort;
import io.shardgate.config.NodeConfig;
import io.shardgate.config.PoolSettings;
import io.shardgate.config.SchemaConfig;
import io.shardgate.config.Secret;
import io.shardgate.config.ShardgateConfig;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {

    static NodeConfig node(String name, int port) {
        return new NodeConfig(name, new HostPort("127.0.0.1", port), List.of(), "u", new Secret("p"),
                PoolSettings.DEFAULTS, null);
    }

    private final ShardgateConfig config = new ShardgateConfig(null, null,
            List.of(node("ds0", 13306), node("ds1", 13307), node("ds2", 13308)),
            List.of(new SchemaConfig("Shop", "ds0", List.of(
                            TableTopologyTest.hashMod("Orders", List.of("ds0", "ds1"), List.of(2, 2)))),
                    new SchemaConfig("logs", "ds2", List.of())),
            ZoneOffset.UTC);

    @Test
    void physicalShardTablesMapBackToTheirLogicalName() {
        SchemaTopology shop = Topology.of(config).schema("shop").orElseThrow();
        assertThat(shop.hasShardedTables()).isTrue();
        assertThat(shop.logicalTableOf("Orders_0003")).hasValue("Orders");
        assertThat(shop.logicalTableOf("orders_0000")).hasValue("Orders");
        assertThat(shop.logicalTableOf("orders_0004")).as("only the shards that exist").isEmpty();
        assertThat(shop.logicalTableOf("Orders")).isEmpty();
        assertThat(shop.logicalTableOf("customers")).isEmpty();
        SchemaTopology logs = Topology.of(config).schema("logs").orElseThrow();
        assertThat(logs.hasShardedTables()).isFalse();
        assertThat(logs.logicalTableOf("orders_0000")).isEmpty();
    }

    @Test
    void findsSchemasAndTablesIgnoringCase() {
        Topology topology = Topology.of(config);
        assertThat(topology.table("shop", "ORDERS")).hasValueSatisfying(t -> {
            assertThat(t.name()).isEqualTo("Orders");
            assertThat(t.location(2)).isEqualTo(new ShardLocation("ds1", "Orders_0002"));
        });
        assertThat(topology.table("SHOP", "customers")).isEmpty();
        assertThat(topology.table("nope", "orders")).isEmpty();
        assertThat(topology.defaultNode("LOGS")).hasValue("ds2");
        assertThat(topology.schema("shop").orElseThrow().name()).isEqualTo("Shop");
    }

    @Test
    void listsAllNodesInConfigOrder() {
        assertThat(Topology.of(config).allNodes()).containsExactly("ds0", "ds1", "ds2");
    }
}
