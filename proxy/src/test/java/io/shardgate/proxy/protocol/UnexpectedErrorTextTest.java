package io.shardgate.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Failures the proxy did not expect reach the client in words, never as Java class names or traces. */
class UnexpectedErrorTextTest {

    @Test
    void bugExceptionsBecomeTheInternalErrorText() {
        Object nothing = null;
        RuntimeException npe = null;
        try {
            nothing.hashCode();
        } catch (NullPointerException e) {
            npe = e;
        }
        ErrPacket err = MysqlError.unexpected("shardgate could not plan the statement", npe);
        assertThat(err.errorCode()).isEqualTo(1105);
        assertThat(err.sqlState()).isEqualTo("HY000");
        assertThat(err.message()).isEqualTo("shardgate could not plan the statement: " + MysqlError.INTERNAL_ERROR_TEXT);
        assertThat(MysqlError.clientText(new ClassCastException("class java.lang.Long cannot be cast to class "
                + "java.lang.String"))).isEqualTo(MysqlError.INTERNAL_ERROR_TEXT);
        assertThat(MysqlError.clientText(new IllegalStateException())).isEqualTo(MysqlError.INTERNAL_ERROR_TEXT);
    }

    @Test
    void messagesNamingAClassAreNotPassedOn() {
        for (String leak : List.of("io.shardgate.router.planner.PlanException: LIMIT", "failed (java.lang.IllegalArgumentException)",
                "io.netty.channel.unix.Errors$NativeIoException: bind(..) failed")) {
            assertThat(MysqlError.namesJavaClass(leak)).as(leak).isTrue();
            assertThat(MysqlError.clientText(new IllegalArgumentException(leak))).isEqualTo(MysqlError.INTERNAL_ERROR_TEXT);
        }
    }

    @Test
    void plainMessagesAreKept() {
        for (String fine : List.of("Table 'shop.orders' doesn't exist", "backend 127.0.0.1:3306: cannot connect: Connection refused",
                "LIMIT row count 2.5 across shards: it must be a non-negative integer", "o.user_id = 5")) {
            assertThat(MysqlError.namesJavaClass(fine)).as(fine).isFalse();
            assertThat(MysqlError.clientText(new IllegalStateException(fine))).isEqualTo(fine);
        }
    }
}
