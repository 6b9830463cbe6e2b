package io.shardgate.proxy.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.shardgate.proxy.protocol.Capabilities;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TLS to a real mariadbd with a self-signed certificate. */
class BackendTlsTest {

    @RegisterExtension
    static final LocalMariaDb DB = new LocalMariaDb(true);

    private static final EventLoopGroup LOOP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BackendConnector connector = new BackendConnector(io.shardgate.proxy.transport.Transport.NIO);

    @AfterAll
    static void stopLoop() {
        LOOP.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    private static BackendSettings settings() {
        return BackendSettings.of(DB.host(), DB.port(), LocalMariaDb.NATIVE_USER, LocalMariaDb.NATIVE_PASSWORD,
                LocalMariaDb.DATABASE);
    }

    @Test
    void requiredTlsWithTrustAnyCertificate() throws Exception {
        BackendConnection connection = await(connector.connect(LOOP, settings().withTls(TlsMode.REQUIRED, true)));
        try {
            assertThat(connection.isTls()).isTrue();
            assertThat(Capabilities.has(connection.capabilities(), Capabilities.SSL)).isTrue();
            QueryResult cipher = await(connection.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'"));
            assertThat(cipher.rows().get(0).get(1)).isNotBlank();
            assertThat(await(connection.query("SELECT DATABASE()")).firstValue()).isEqualTo(LocalMariaDb.DATABASE);
        } finally {
            await(connection.close());
        }
    }

    @Test
    void disabledTlsStaysInClearEvenWhenOffered() throws Exception {
        BackendConnection connection = await(connector.connect(LOOP, settings()));
        try {
            assertThat(connection.isTls()).isFalse();
            assertThat(await(connection.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'")).rows().get(0).get(1))
                    .isEmpty();
        } finally {
            await(connection.close());
        }
    }

    @Test
    void aSelfSignedCertificateIsRejectedWhenVerifying() {
        assertThatThrownBy(() -> await(connector.connect(LOOP, settings().withTls(TlsMode.PREFERRED, false))))
                .cause().isInstanceOf(BackendConnectionException.class)
                .hasMessageContaining("the server's certificate is not signed by a trusted authority");
    }
}
