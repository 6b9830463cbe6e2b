package io.shardgate.proxy.backend;

import io.shardgate.config.BackendTls;
import java.nio.file.Path;

/**
 * Which backend certificates to believe.
 *
 * @param verifyCertificate false accepts any certificate (encryption without authentication: tests, or
 *     {@code tls.mode: required})
 * @param caFile PEM file of the authorities to trust; null = the JVM's default trust store
 * @param verifyHostname the certificate must also name the host connected to (DNS name or IP address)
 */
public record TlsTrust(boolean verifyCertificate, Path caFile, boolean verifyHostname) {

    public static final TlsTrust ANY = new TlsTrust(false, null, false);
    /** The JVM's trust store, host name checked: what a browser would believe. */
    public static final TlsTrust SYSTEM = new TlsTrust(true, null, true);

    public static TlsTrust of(BackendTls tls) {
        return switch (tls.mode()) {
            case REQUIRED -> ANY;
            case VERIFY_CA -> new TlsTrust(true, tls.caFile(), false);
            case VERIFY_IDENTITY -> new TlsTrust(true, tls.caFile(), true);
        };
    }

    @Override
    public String toString() {
        return !verifyCertificate ? "trust any" : (caFile == null ? "JVM trust store" : "CA " + caFile)
                + (verifyHostname ? ", host name checked" : "");
    }
}
