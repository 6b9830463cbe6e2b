package io.shardgate.proxy.reshard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GtidPositionTest {

    @Test
    void parsesOneGtidPerDomainAndPrintsItBack() {
        GtidPosition p = GtidPosition.parse("0-1-57, 1-2-3");
        assertThat(p.toString()).isEqualTo("0-1-57,1-2-3");
        assertThat(GtidPosition.parse("").toString()).isEmpty();
    }

    @Test
    void reachedComparesSequencesPerDomain() {
        GtidPosition primary = GtidPosition.parse("0-1-57,1-2-3");
        assertThat(GtidPosition.parse("0-1-57,1-2-3").reached(primary)).isTrue();
        assertThat(GtidPosition.parse("0-1-58,1-2-9").reached(primary)).isTrue();
        assertThat(GtidPosition.parse("0-1-56,1-2-9").reached(primary)).isFalse();
        assertThat(GtidPosition.parse("0-1-99").reached(primary)).as("domain 1 never seen").isFalse();
        assertThat(GtidPosition.EMPTY.reached(GtidPosition.EMPTY)).isTrue();
    }

    @Test
    void aTransactionMovesItsDomainForwardOnly() {
        GtidPosition p = GtidPosition.parse("0-1-10");
        assertThat(p.with(new GtidPosition.Gtid(0, 1, 11)).toString()).isEqualTo("0-1-11");
        assertThat(p.with(new GtidPosition.Gtid(0, 1, 9)).toString()).isEqualTo("0-1-10");
        assertThat(p.with(new GtidPosition.Gtid(2, 5, 1)).toString()).isEqualTo("0-1-10,2-5-1");
    }

    @Test
    void somethingElseIsRefused() {
        assertThatThrownBy(() -> GtidPosition.parse("binlog.000001:4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a MariaDB GTID: 'binlog.000001:4'");
    }
}
