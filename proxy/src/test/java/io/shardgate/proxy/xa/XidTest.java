package io.shardgate.proxy.xa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Xids as XA statements take them and as XA RECOVER shows them; only shardgate's own are recognized. */
class XidTest {

    @Test
    void rendersHexStringsAndTheFormatId() {
        Xid xid = new Xid("k3.abc.1", 2, "ds0");
        assertThat(xid.gtrid()).isEqualTo("k3.abc.1.2");
        assertThat(xid.sql()).isEqualTo("X'6b332e6162632e312e32',X'647330'," + Xid.FORMAT_ID);
    }

    @Test
    void readsItsOwnRowOfXaRecoverBack() {
        String transaction = new XidSource("instance01").next();
        Xid xid = new Xid(transaction, 3, "orders-eu");
        Xid back = Xid.fromRecoverRow(Integer.toString(Xid.FORMAT_ID), Integer.toString(xid.gtrid().length()),
                "9", xid.gtrid() + "orders-eu");
        assertThat(back).isEqualTo(xid);
        assertThat(back.createdMillis()).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
    }

    @Test
    void leavesOtherTransactionManagersBranchesAlone() {
        assertThat(Xid.fromRecoverRow("1", "3", "0", "ro1")).isNull();
        assertThat(Xid.fromRecoverRow(Integer.toString(Xid.FORMAT_ID), "5", "3", "sg:a1ds1")).isNull();
        assertThat(Xid.fromRecoverRow(Integer.toString(Xid.FORMAT_ID), "4", "3", "ds1")).isNull();
    }

    @Test
    void idsAreUniqueAndFitXa() {
        XidSource one = new XidSource();
        XidSource other = new XidSource();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(one.next())).isTrue();
            assertThat(seen.add(other.next())).as("another proxy's ids differ").isTrue();
        }
        String longest = one.next().replaceAll("\\.[0-9a-z]+$", "." + Long.toString(Long.MAX_VALUE, 36));
        assertThat(new Xid(longest, 9999, "n".repeat(64)).gtrid().length()).isLessThanOrEqualTo(Xid.MAX_PART);
        assertThatThrownBy(() -> new Xid(longest, 1, "n".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decisionSqlTakesOnlyTransactionIds() {
        assertThat(DecisionTable.commit("k3.abc.1")).isEqualTo(
                "INSERT INTO shardgate.xa_decisions (transaction_id, outcome) VALUES ('k3.abc.1','commit')");
        assertThatThrownBy(() -> DecisionTable.abort("x'); DROP TABLE t; --")).isInstanceOf(IllegalArgumentException.class);
    }
}
