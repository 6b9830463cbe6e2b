package io.shardgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GenerationEditTest {

    private static final String YAML = """
            proxy:
              listen: 127.0.0.1:3307
              users: [{user: app, password: "${APP_PASSWORD:-app}"}]
            nodes:
              - {name: ds0, primary: 127.0.0.1:3306, user: u, password: p}
            schemas:
              - name: shop
                default-node: ds0
                tables:
                  - {name: orders, shard-key: user_id, strategy: hash-mod, nodes: [ds0], locations: [4]}
                  - {name: order_items, binding: orders, shard-key: user_id}
            """;

    @Test
    void setsTheTablesGenerationAndKeepsVariablesAsVariables() {
        String edited = GenerationEdit.withGeneration(YAML, "SHOP", "Orders", 3);
        assertThat(edited).contains("generation: 3").contains("${APP_PASSWORD:-app}");
        ShardgateConfig config = ConfigLoader.parse(edited, "edited");
        var shop = config.schema("shop").orElseThrow();
        assertThat(shop.table("orders").orElseThrow().generation()).isEqualTo(3);
        assertThat(shop.table("order_items").orElseThrow().generation()).isEqualTo(3);
        assertThat(shop.table("orders").orElseThrow().withGeneration(0))
                .isEqualTo(ConfigLoader.parse(YAML, "original").schema("shop").orElseThrow().table("orders")
                        .orElseThrow());
    }

    @Test
    void anUnknownTableIsRefused() {
        assertThatThrownBy(() -> GenerationEdit.withGeneration(YAML, "shop", "payments", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the file has no table shop.payments");
    }
}
