package io.shardgate.bench.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShardLayoutTest {

    @Test
    void spreadsShardsInConsecutiveRuns() {
        ShardLayout layout = new ShardLayout(2, 8);
        assertThat(layout.nodeOf(0)).isZero();
        assertThat(layout.nodeOf(3)).isZero();
        assertThat(layout.nodeOf(4)).isEqualTo(1);
        assertThat(layout.nodeOf(7)).isEqualTo(1);
        assertThat(ShardLayout.physicalTable(7)).isEqualTo("t_0007");
    }

    @Test
    void rendersTheProxyConfig() {
        String yaml = new ShardLayout(2, 8).proxyConfig(4000, List.of(5000, 5001), "shard", "pw");
        assertThat(yaml).contains("listen: 127.0.0.1:4000\n")
                .contains("  - name: ds1\n    primary: 127.0.0.1:5001\n    user: shard\n    password: pw\n")
                .contains("nodes: [ds0, ds1]\n        locations: [4, 4]\n")
                .contains("strategy: hash-mod\n");
    }

    @Test
    void refusesShardsThatDoNotDivideEvenly() {
        assertThatThrownBy(() -> new ShardLayout(3, 8)).hasMessageContaining("multiple of nodes");
    }
}
