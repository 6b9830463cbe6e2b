package io.shardgate.proxy.backend;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

/**
 * Says in words why a TLS handshake with a backend failed. The JDK's own messages name its classes
 * ({@code sun.security.provider.certpath.SunCertPathBuilderException}), which must not reach a client.
 */
final class TlsFailure {

    private TlsFailure() {
    }

    static String describe(Throwable failure, BackendSettings settings) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return "the server's certificate is not signed by a trusted authority (" + settings.trust() + ")";
            }
            if (t instanceof CertificateException && t.getMessage() != null
                    && (t.getMessage().contains("subject alternative") || t.getMessage().contains("No name matching"))) {
                return "the server's certificate does not name " + settings.host();
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        // keep the human part of "some.package.SomeException: words"
        int colon = message.lastIndexOf(": ");
        return "TLS handshake failed" + (message.isEmpty() ? "" : ": " + (colon >= 0 ? message.substring(colon + 2) : message));
    }
}
