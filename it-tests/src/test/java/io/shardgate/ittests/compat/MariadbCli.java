package io.shardgate.ittests.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code mariadb} command-line client run as a process, with no option files ({@code --no-defaults}) so
 * the machine's my.cnf cannot change what it does.
 */
final class MariadbCli {

    static final String BINARY = "/usr/bin/mariadb";

    /** What one run printed and how it ended. */
    record Run(int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
        }
    }

    private final int port;
    private final String user;
    private final String password;

    MariadbCli(int port, String user, String password) {
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** Runs the client over TCP to 127.0.0.1 with {@code options} (schema, -e, -c, --ssl ...). */
    Run run(String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY, "--no-defaults", "--protocol=TCP", "-h", "127.0.0.1",
                "-P", Integer.toString(port), "-u", user, "-p" + password));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("mariadb " + String.join(" ", options) + " did not finish in 60 s");
        }
        return new Run(p.exitValue(), out, err.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
