package io.shardgate.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementCountsTest {

    @Test
    void theProxysCountsDescribeThePreviousStatementOnly() {
        StatementCounts counts = new StatementCounts();
        counts.next();
        counts.counted(-1);
        counts.returned(42); // a merged SELECT of 42 rows
        counts.next();
        assertThat(counts.previousFoundRows()).isEqualTo(42);
        assertThat(counts.previousRowCount()).isEqualTo(-1);
        assertThat(counts.previousNode()).isNull();

        counts.ranOn("ds1", false); // one backend ran it: that connection knows
        counts.next();
        assertThat(counts.previousFoundRows()).isEqualTo(StatementCounts.UNKNOWN);
        assertThat(counts.previousRowCount()).isEqualTo(StatementCounts.UNKNOWN);
        assertThat(counts.previousNode()).isEqualTo("ds1");
        assertThat(counts.previousPrimary()).isFalse();

        counts.counted(7);
        counts.clear();
        counts.next();
        assertThat(counts.previousRowCount()).isEqualTo(StatementCounts.UNKNOWN);
        assertThat(counts.previousFoundRows()).isEqualTo(StatementCounts.UNKNOWN);
    }
}
