package io.shardgate.proxy.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ProxySettings;
import org.junit.jupiter.api.Test;

class IoThreadsTest {

    @Test
    void aConfiguredCountIsTakenAsIs() {
        assertThat(IoThreads.resolve(1, 16)).isEqualTo(1);
        assertThat(IoThreads.resolve(6, 2)).isEqualTo(6);
    }

    @Test
    void autoIsOneLoopPerProcessor() {
        assertThat(IoThreads.resolve(ProxySettings.AUTO_IO_THREADS, 1)).isEqualTo(1);
        assertThat(IoThreads.resolve(ProxySettings.AUTO_IO_THREADS, 2)).isEqualTo(2);
        assertThat(IoThreads.resolve(ProxySettings.AUTO_IO_THREADS, 8)).isEqualTo(8);
    }
}
