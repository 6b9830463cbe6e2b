package io.shardgate.ittests.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made by {@code openssl} for one test run, and a server certificate it signs for
 * 127.0.0.1 (IP and DNS names in the subject alternative names), as a MariaDB server's {@code ssl-ca},
 * {@code ssl-cert} and {@code ssl-key} want them.
 */
record TestAuthority(Path caFile, Path serverCert, Path serverKey) {

    static TestAuthority generate(Path dir, String name) throws IOException, InterruptedException {
        Path caKey = dir.resolve(name + "-ca-key.pem");
        Path ca = dir.resolve(name + "-ca.pem");
        Path key = dir.resolve(name + "-server-key.pem");
        Path csr = dir.resolve(name + "-server.csr");
        Path cert = dir.resolve(name + "-server.pem");
        Path ext = Files.writeString(dir.resolve(name + "-san.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", ca.toString(),
                "-days", "2", "-subj", "/CN=shardgate test CA " + name);
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/CN=127.0.0.1");
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
        return new TestAuthority(ca, cert, key);
    }

    /** The mariadbd options that serve this certificate. */
    String[] serverFlags() {
        return new String[] {"--ssl-ca=" + caFile, "--ssl-cert=" + serverCert, "--ssl-key=" + serverKey};
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
