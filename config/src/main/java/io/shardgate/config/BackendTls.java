package io.shardgate.config;

import java.nio.file.Path;

/**
 * A node's {@code tls:} section: connections to its servers are encrypted, and the servers' certificates are
 * checked as {@code mode} says.
 *
 * @param caFile PEM file of the certificate authorities to trust; null = the JVM's default trust store
 */
public record BackendTls(Mode mode, Path caFile) {

    /** How much of the server's certificate is checked; the names follow MySQL's {@code --ssl-mode}. */
    public enum Mode {
        /** Encrypted, certificate not checked: protects against listening, not against a machine in the middle. */
        REQUIRED("required"),
        /** The certificate must be signed by a trusted authority. */
        VERIFY_CA("verify-ca"),
        /** ... and name the host the node's address gives (DNS name or IP address). */
        VERIFY_IDENTITY("verify-identity");

        private final String configName;

        Mode(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }
}
