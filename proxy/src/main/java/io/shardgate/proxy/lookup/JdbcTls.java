package io.shardgate.proxy.lookup;

import io.shardgate.config.BackendTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;

/**
 * A node's {@code tls} as Connector/J URL options, for the lookup stores' JDBC pools, so they reach the node the way
 * the proxy's own connections do. Connector/J reads trust stores, not PEM files: a CA file is copied into a PKCS12
 * trust store in a temporary file (certificates only, nothing secret in it).
 */
public final class JdbcTls {

    private JdbcTls() {
    }

    /** "" for a node without tls, else {@code &sslMode=...} and the trust store options. */
    public static String options(BackendTls tls) {
        if (tls == null) {
            return "";
        }
        return switch (tls.mode()) {
            case REQUIRED -> "&sslMode=REQUIRED";
            case VERIFY_CA -> "&sslMode=VERIFY_CA" + trustStore(tls.caFile());
            case VERIFY_IDENTITY -> "&sslMode=VERIFY_IDENTITY" + trustStore(tls.caFile());
        };
    }

    /** Without a CA file Connector/J falls back to the JVM's trust store, as the proxy's own connections do. */
    private static String trustStore(Path caFile) {
        if (caFile == null) {
            return "";
        }
        try (InputStream pem = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            byte[] secret = new byte[12];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            Path file = Files.createTempFile("shardgate-lookup-ca-", ".p12");
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return "&trustCertificateKeyStoreUrl=" + file.toUri() + "&trustCertificateKeyStoreType=PKCS12"
                    + "&trustCertificateKeyStorePassword=" + password + "&fallbackToSystemTrustStore=false";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CA file " + caFile + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("CA file " + caFile + " holds no readable certificate: " + e.getMessage(), e);
        }
    }
}
