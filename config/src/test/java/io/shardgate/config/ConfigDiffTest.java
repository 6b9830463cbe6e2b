package io.shardgate.config;

import static io.shardgate.config.TestYaml.load;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigDiffTest {

    private static final String BEFORE = TestYaml.PROXY + """
            nodes:
              - {name: ds0, primary: 127.0.0.1:13306, user: shard, password: pw}
              - {name: ds1, primary: 127.0.0.1:13307, user: shard, password: pw}
              - {name: ds2, primary: 127.0.0.1:13308, user: shard, password: pw}
            schemas: [{name: shop, default-node: ds0}]
            """;

    @Test
    void nodesAddedRemovedChangedUnchanged() {
        String after = TestYaml.PROXY + """
                nodes:
                  - {name: ds0, primary: 127.0.0.1:13306, user: shard, password: pw, max-replica-lag: 3s}
                  - {name: ds1, primary: 127.0.0.1:13307, user: shard, password: rotated}
                  - {name: ds3, primary: 127.0.0.1:13309, user: shard, password: pw}
                schemas: [{name: shop, default-node: ds0}]
                """;
        ConfigDiff diff = ConfigDiff.between(load(BEFORE), load(after));
        assertThat(diff.unchangedNodes()).containsExactly("ds0");
        assertThat(diff.changedNodes()).containsExactly("ds1");
        assertThat(diff.addedNodes()).containsExactly("ds3");
        assertThat(diff.removedNodes()).containsExactly("ds2");
        assertThat(diff.nodesChanged()).isTrue();
        assertThat(diff.listenerChanges()).isEmpty();
    }

    @Test
    void sameFileChangesNothing() {
        ConfigDiff diff = ConfigDiff.between(load(BEFORE), load(BEFORE));
        assertThat(diff.nodesChanged()).isFalse();
        assertThat(diff.unchangedNodes()).containsExactly("ds0", "ds1", "ds2");
    }

    @Test
    void listenerChangesAreListed() {
        String after = BEFORE.replace("proxy:\n", "proxy:\n  listen: 127.0.0.1:4000\n  transport: nio\n"
                + "  io-threads: 1\n")
                + "admin: {http-listen: 127.0.0.1:9797}\n";
        assertThat(ConfigDiff.between(load(BEFORE), load(after)).listenerChanges())
                .containsExactly("proxy.listen", "proxy.transport", "proxy.io-threads", "admin.http-listen");
    }
}
