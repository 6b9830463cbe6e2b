package io.shardgate.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InstanceReportTest {

    @Test
    void aReportReadsBackAsWritten() {
        InstanceReport r = new InstanceReport("10.0.0.5:3307", "127.0.0.1:3308", "2026-12-07T13:00:00Z", 7,
                "version 8 refused, running 7: schemas.shop: x=y", 12, 3);
        assertThat(InstanceReport.parse("10.0.0.5:3307", r.toBytes())).isEqualTo(r);
    }

    @Test
    void anUnchangedReportIsTheSameBytes() {
        InstanceReport r = new InstanceReport("h:1", "", "t", 1, "ok", 0, -1);
        assertThat(r.toBytes()).isEqualTo(r.toBytes());
        assertThat(new String(r.toBytes(), StandardCharsets.UTF_8)).doesNotContain("#").contains("worker-id=-1");
    }

    @Test
    void anUnreadableReportStillListsTheInstance() {
        InstanceReport r = InstanceReport.parse("h:1", null);
        assertThat(r.name()).isEqualTo("h:1");
        assertThat(r.workerId()).isEqualTo(-1);
        assertThat(InstanceReport.parse("h:2", "sessions=x\n".getBytes(StandardCharsets.UTF_8)).sessions()).isZero();
    }
}
