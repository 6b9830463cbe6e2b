package io.shardgate.ittests.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for localhost made by {@code openssl} for one test run: a PEM certificate and
 * an unencrypted PKCS#8 PEM key ({@code BEGIN PRIVATE KEY}), the form Netty's SslContextBuilder reads.
 */
record TestCertificate(Path certFile, Path keyFile) {

    static TestCertificate generate(Path dir) throws IOException, InterruptedException {
        Path cert = dir.resolve("proxy-cert.pem");
        Path key = dir.resolve("proxy-key.pem");
        Process p = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost"))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl req failed: " + output);
        }
        if (!Files.readString(key).contains("BEGIN PRIVATE KEY")) {
            throw new IOException("openssl did not write a PKCS#8 key: " + key);
        }
        return new TestCertificate(cert, key);
    }

    /** The {@code proxy.tls} mapping in YAML flow style. */
    String yaml(boolean required) {
        return "{cert-file: \"" + certFile + "\", key-file: \"" + keyFile + "\", required: " + required + "}";
    }
}
