package io.shardgate.proxy.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class TransportTest {

    @Test
    void everyConfigNameMapsToItsTransport() {
        for (Transport t : Transport.values()) {
            assertThat(Transport.fromConfig(t.configName())).isEqualTo(t);
        }
        assertThat(Transport.fromConfig("io-uring")).isEqualTo(Transport.IO_URING);
    }

    @Test
    void autoResolvesToAConcreteLoadableTransport() {
        Transport resolved = Transport.AUTO.resolve();
        assertThat(resolved).isIn(Transport.EPOLL, Transport.NIO);
        assertThat(resolved.isAvailable()).isTrue();
        assertThat(resolved.ioHandlerFactory()).isNotNull();
    }

    /** The shaded jar and the test class path carry the x86-64 native library. */
    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void autoIsEpollOnLinuxX8664() {
        assertThat(Transport.AUTO.resolve()).isEqualTo(Transport.EPOLL);
        assertThat(Transport.AUTO.resolve().socketChannel()).isEqualTo(EpollSocketChannel.class);
    }

    @Test
    void nioIsAlwaysThere() {
        assertThat(Transport.NIO.resolve().socketChannel()).isEqualTo(NioSocketChannel.class);
    }

    @Test
    void autoMustBeResolvedBeforeUse() {
        assertThatThrownBy(Transport.AUTO::socketChannel).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("resolve()");
    }
}
