package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sysbench's {@code oltp_read_write} (prepare, run, cleanup) through a pass-through proxy, with server-side
 * prepared statements ({@code --db-ps-mode=auto}: sysbench prepares BEGIN and COMMIT too) and without. sysbench
 * is a C client (libmariadb) with its own ideas of the protocol, and its transactions delete and re-insert the
 * same ids, so a BEGIN that does not reach the backend shows up as duplicate keys and a lost row count.
 *
 * <p>Needs the {@code sysbench} binary ({@code .ci/run} installs it); without it the test is reported as
 * aborted, naming the binary.
 */
@ExtendWith(SharedBackends.class)
class SysbenchIT {

    private static final Path SYSBENCH = Path.of("/usr/bin/sysbench");
    private static final int TABLES = 2;
    private static final int TABLE_SIZE = 2_000;
    private static final Pattern TRANSACTIONS = Pattern.compile("transactions:\\s+(\\d+)");
    private static final Pattern IGNORED = Pattern.compile("ignored errors:\\s+(\\d+)");

    private static CompatProxy proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = CompatProxy.start(backends, "compat_sysbench");
    }

    @AfterAll
    static void stop() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @ParameterizedTest(name = "--db-ps-mode={0}")
    @ValueSource(strings = {"disable", "auto"})
    void oltpReadWritePrepareRunCleanup(String psMode) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SYSBENCH), SYSBENCH + " is not installed");

        Run prepare = sysbench(psMode, "prepare");
        assertThat(prepare.exitCode()).as("prepare:\n%s", prepare).isZero();
        assertThat(rowCounts()).as("rows after prepare").containsOnly(TABLE_SIZE);

        Run run = sysbench(psMode, "run", "--time=4", "--threads=4", "--report-interval=0");
        assertThat(run.exitCode()).as("run:\n%s", run).isZero();
        assertThat(run.stdout()).doesNotContain("FATAL");
        long transactions = count(TRANSACTIONS, run);
        assertThat(transactions).as("transactions in the run:\n%s", run).isPositive();
        // sysbench retries deadlocks (1213) and lock waits by default and counts them as ignored; each is a
        // real backend answer, but more than a few per hundred transactions would mean broken transactions.
        assertThat(count(IGNORED, run)).as("ignored errors:\n%s", run).isLessThanOrEqualTo(transactions / 20 + 5);
        // every transaction deletes one id and inserts it again: atomic transactions keep the row count
        assertThat(rowCounts()).as("rows after the run (checked on the backend)").containsOnly(TABLE_SIZE);

        Run cleanup = sysbench(psMode, "cleanup");
        assertThat(cleanup.exitCode()).as("cleanup:\n%s", cleanup).isZero();
        assertThat(rowCounts()).as("tables after cleanup").isEmpty();
    }

    /** Row count of each sbtest table, read directly on the backend (not through the proxy). */
    private static List<Integer> rowCounts() throws SQLException {
        List<Integer> counts = new ArrayList<>();
        try (Connection c = proxy.direct(""); Statement s = c.createStatement()) {
            for (int t = 1; t <= TABLES; t++) {
                try (ResultSet tables = s.executeQuery("SHOW TABLES LIKE 'sbtest" + t + "'")) {
                    if (!tables.next()) {
                        continue;
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sbtest" + t)) {
                    rs.next();
                    counts.add(rs.getInt(1));
                }
            }
        }
        return counts;
    }

    private record Run(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + stdout + stderr;
        }
    }

    private static long count(Pattern pattern, Run run) {
        Matcher m = pattern.matcher(run.stdout());
        if (!m.find()) {
            throw new AssertionError("no '" + pattern + "' in sysbench's output:\n" + run);
        }
        return Long.parseLong(m.group(1));
    }

    private static Run sysbench(String psMode, String command, String... options)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(SYSBENCH.toString(), "oltp_read_write",
                "--mysql-host=127.0.0.1", "--mysql-port=" + proxy.port(), "--mysql-user=" + CompatProxy.USER,
                "--mysql-password=" + CompatProxy.PASSWORD, "--mysql-db=" + proxy.schema(),
                "--mysql-ssl=off", "--tables=" + TABLES, "--table-size=" + TABLE_SIZE, "--db-ps-mode=" + psMode));
        args.addAll(List.of(options));
        args.add(command);
        Process p = new ProcessBuilder(args).start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) { // a lost response would leave sysbench waiting forever
            p.destroyForcibly();
            throw new AssertionError("sysbench " + command + " did not finish in 120 s:\n" + out);
        }
        return new Run(p.exitValue(), out, err.join());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
