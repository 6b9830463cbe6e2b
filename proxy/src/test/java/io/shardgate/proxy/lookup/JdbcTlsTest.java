package io.shardgate.proxy.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.BackendTls;
import io.shardgate.config.HostPort;
import io.shardgate.config.NodeConfig;
import io.shardgate.config.PoolSettings;
import io.shardgate.config.Secret;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcTlsTest {

    private static NodeConfig node(BackendTls tls) {
        return new NodeConfig("ds0", new HostPort("127.0.0.1", 3306), List.of(), "u", new Secret("p"),
                PoolSettings.DEFAULTS, null, tls);
    }

    @Test
    void aPlainNodeAddsNothing() {
        assertThat(JdbcLookupStores.jdbcUrl(node(null), "shop")).doesNotContain("sslMode");
    }

    @Test
    void modesMapToConnectorJsSslModes() {
        assertThat(JdbcLookupStores.jdbcUrl(node(new BackendTls(BackendTls.Mode.REQUIRED, null)), "shop"))
                .endsWith("&sslMode=REQUIRED");
        assertThat(JdbcLookupStores.jdbcUrl(node(new BackendTls(BackendTls.Mode.VERIFY_IDENTITY, null)), "shop"))
                .endsWith("&sslMode=VERIFY_IDENTITY");
    }

    @Test
    void aCaFileBecomesAPkcs12TrustStore(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("k.pem");
        Path ca = dir.resolve("ca.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", ca.toString(), "-days", "1", "-subj", "/CN=lookup test CA").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();

        String url = JdbcLookupStores.jdbcUrl(node(new BackendTls(BackendTls.Mode.VERIFY_CA, ca)), "shop");
        assertThat(url).contains("&sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=file:")
                .contains("&trustCertificateKeyStoreType=PKCS12").contains("&fallbackToSystemTrustStore=false");
        Matcher store = Pattern.compile("trustCertificateKeyStoreUrl=([^&]+)").matcher(url);
        Matcher password = Pattern.compile("trustCertificateKeyStorePassword=([^&]+)").matcher(url);
        assertThat(store.find() && password.find()).isTrue();
        KeyStore loaded = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(URI.create(store.group(1))))) {
            loaded.load(in, password.group(1).toCharArray());
        }
        assertThat(loaded.size()).isEqualTo(1);
        assertThat(loaded.getCertificate(loaded.aliases().nextElement()).toString()).contains("CN=lookup test CA");
    }
}
