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

    @Test
    void forwardedResponsesAreCountedAsTheServerCountsThem() {
        StatementCounts counts = new StatementCounts();
        counts.next();
        counts.ranOn("ds0", true);
        counts.resultRows(3, 0); // SELECT of 3 rows
        counts.next();
        assertThat(counts.previousRowCount()).isEqualTo(-1);
        assertThat(counts.previousFoundRows()).isEqualTo(3);

        counts.ranOn("ds0", true);
        counts.affected(2, 0); // UPDATE of 2 rows: FOUND_ROWS() stays the last SELECT's
        counts.next();
        assertThat(counts.previousRowCount()).isEqualTo(2);
        assertThat(counts.previousFoundRows()).isEqualTo(3);

        counts.next(); // SET, answered by the proxy: FOUND_ROWS() still stays
        assertThat(counts.previousFoundRows()).isEqualTo(3);

        counts.ranOn("ds0", true);
        counts.failed();
        counts.next();
        assertThat(counts.previousRowCount()).isEqualTo(-1);
    }

    @Test
    void sqlCalcFoundRowsLeavesFoundRowsWithTheConnection() {
        StatementCounts counts = new StatementCounts();
        counts.next();
        counts.ranOn("ds0", true);
        counts.resultRows(1, 0);
        counts.foundRowsOnConnection();
        counts.next();
        assertThat(counts.previousFoundRows()).isEqualTo(StatementCounts.UNKNOWN);
        assertThat(counts.previousNode()).isEqualTo("ds0");
    }

    @Test
    void warningsAreTheCurrentStatements() {
        StatementCounts counts = new StatementCounts();
        counts.next();
        counts.affected(1, 2);
        assertThat(counts.warnings()).isEqualTo(2);
        counts.next();
        assertThat(counts.warnings()).isZero();
    }
}
