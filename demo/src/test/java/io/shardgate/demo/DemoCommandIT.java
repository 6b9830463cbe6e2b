package io.shardgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/shardgate demo --exit-after-load}: real MariaDB servers started, the demo schema created and
 * loaded through the proxy, everything stopped again.
 */
class DemoCommandIT {

    @Test
    void theDemoStartsLoadsItsRowsAndStops() throws Exception {
        int port = freePort();
        assertThat(DemoCommand.run("--port", Integer.toString(port), "--rows", "40", "--exit-after-load")).isZero();
    }

    @Test
    void theDemoConfigShipsInTheJarAndValidates() throws Exception {
        assertThat(DemoCommand.loadDemoConfig().schemas()).extracting(s -> s.name()).contains("shop");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
