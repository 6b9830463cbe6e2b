package io.shardgate.proxy.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.HostPort;
import io.shardgate.config.NodeConfig;
import io.shardgate.config.PoolSettings;
import io.shardgate.config.ReplicaConfig;
import io.shardgate.config.Secret;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerHealthTest {

    private static final HostPort REPLICA = new HostPort("127.0.0.1", 2);

    private static NodeConfig node(Duration maxLag) {
        return new NodeConfig("ds0", new HostPort("127.0.0.1", 1), List.of(new ReplicaConfig(REPLICA, 1)), "u",
                new Secret("p"), PoolSettings.DEFAULTS, maxLag);
    }

    @Test
    void aReplicaWithoutLagLimitIsReadableUntilKnownDown() {
        ServerHealth h = new ServerHealth("ds0", REPLICA, ServerHealth.Role.REPLICA);
        assertThat(h.state()).isEqualTo("unknown");
        assertThat(h.readable(node(null))).isTrue();
        h.failed("cannot connect: refused");
        assertThat(h.state()).isEqualTo("down");
        assertThat(h.readable(node(null))).isFalse();
        assertThat(h.events(ServerHealth.Event.UNREACHABLE_AT_START)).isEqualTo(1);
        h.answered("10.11");
        assertThat(h.state()).isEqualTo("up");
        assertThat(h.readable(node(null))).isTrue();
        assertThat(h.events(ServerHealth.Event.BACK)).isEqualTo(1);
        h.failed("lost");
        h.failed("lost again");
        assertThat(h.events(ServerHealth.Event.DOWN)).as("counted once per change").isEqualTo(1);
        assertThat(h.lastError()).isEqualTo("lost again");
    }

    @Test
    void withALagLimitAReplicaIsReadOnlyAfterACheckSaidItIsWithinIt() {
        ServerHealth h = new ServerHealth("ds0", REPLICA, ServerHealth.Role.REPLICA);
        NodeConfig n = node(Duration.ofSeconds(2));
        h.answered("10.11");
        assertThat(h.readable(n)).as("not checked yet: fail safe").isFalse();
        h.lag(0, null);
        assertThat(h.readable(n)).isTrue();
        h.lag(5, "5 s behind");
        assertThat(h.readable(n)).isFalse();
        assertThat(h.state()).isEqualTo("lagging");
        h.lag(1, null);
        assertThat(h.readable(n)).isTrue();
        assertThat(h.events(ServerHealth.Event.LAGGING)).isEqualTo(1);
        assertThat(h.events(ServerHealth.Event.CAUGHT_UP)).isEqualTo(1);
    }

    @Test
    void offlineDrainsAndWeightOverrides() {
        ServerHealth h = new ServerHealth("ds0", REPLICA, ServerHealth.Role.REPLICA);
        h.answered("10.11");
        assertThat(h.offline(true)).isTrue();
        assertThat(h.offline(true)).as("already offline").isFalse();
        assertThat(h.readable(node(null))).isFalse();
        assertThat(h.state()).isEqualTo("offline");
        h.offline(false);
        assertThat(h.readable(node(null))).isTrue();
        assertThat(h.weight(3)).isEqualTo(3);
        h.weightOverride(7);
        assertThat(h.weight(3)).isEqualTo(7);
        h.weightOverride(0);
        assertThat(h.weight(3)).isEqualTo(3);
    }
}
