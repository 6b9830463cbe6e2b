package io.shardgate.proxy.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.proxy.backend.QueryResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerMonitorTest {

    private static QueryResult status(String secondsBehind) {
        return new QueryResult(List.of("Slave_IO_State", "Master_Host", "Seconds_Behind_Master", "Last_Error"),
                List.of(Arrays.asList("Waiting for master", "127.0.0.1", secondsBehind, "")), 0, 0, 0, "", 2);
    }

    @Test
    void readsSecondsBehindMaster() {
        assertThat(ServerMonitor.secondsBehind(status("0"))).hasValue(0);
        assertThat(ServerMonitor.secondsBehind(status("17"))).hasValue(17);
    }

    @Test
    void stoppedReplicationOrNoReplicaIsUnknown() {
        assertThat(ServerMonitor.secondsBehind(status(null))).isEmpty();
        assertThat(ServerMonitor.secondsBehind(new QueryResult(List.of("Seconds_Behind_Master"), List.of(),
                0, 0, 0, "", 2))).isEmpty();
        assertThat(ServerMonitor.secondsBehind(new QueryResult(List.of(), List.of(), 0, 0, 0, "", 2))).isEmpty();
    }
}
