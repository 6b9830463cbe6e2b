package io.shardgate.ittests.transactions;

import static io.shardgate.ittests.transactions.XaCommitIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.cli.CliProcess;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proxy process ({@code shardgate serve}, a JVM of its own) killed with {@code kill -9} in the middle of a
 * two-phase commit, then started again: recovery ends the transaction all-or-nothing, read on every backend
 * directly, with no prepared branch left. The test-only failpoint ({@code -Dshardgate.failpoint}) stops the
 * commit at the chosen step and says so on standard error; the test kills the process there.
 */
class XaProxyKilledIT {

    /** A JVM start on a loaded machine (load 28 on 2 cores took over a minute once). */
    private static final Duration START = Duration.ofSeconds(180);
    /** Recovery at start and every second; an undecided branch may be rolled back at once. */
    private static final String RECOVERY = "  xa-recovery-interval: 1s\n  xa-recovery-grace: 0s\n";

    private static XaCluster nodes;
    @TempDir
    Path dir;
    private int port;
    private Path config;

    @BeforeAll
    static void start() {
        nodes = new XaCluster();
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @BeforeEach
    void freshConfig() throws IOException {
        port = freePort();
        config = Files.writeString(dir.resolve("xa.yaml"),
                nodes.yaml("xa", RECOVERY).replace("127.0.0.1:3307", "127.0.0.1:" + port));
    }

    @Test
    void killedAfterEveryBranchPreparedEndsWithNothingCommitted() throws Exception {
        killDuringCommit("xa-after-prepare");
        assertThat(nodes.preparedBranches(1)).as("ds1's branch survives its proxy, prepared").hasSize(1);
        assertThat(nodes.accountIds(0)).as("the anchor's transaction died with its connection").isEmpty();

        restartAndRecover();
        assertThat(nodes.accountIds(0)).isEmpty();
        assertThat(nodes.accountIds(1)).isEmpty();
    }

    @Test
    void killedAfterTheDecisionEndsWithEverythingCommitted() throws Exception {
        killDuringCommit("xa-after-decision");
        assertThat(nodes.decisions(0)).as("the decision committed before the kill").anyMatch(d -> d.endsWith("|commit"));
        assertThat(nodes.accountIds(0)).containsExactly("2");
        assertThat(nodes.accountIds(1)).as("ds1's branch is prepared, not committed").isEmpty();
        assertThat(nodes.preparedBranches(1)).hasSize(1);

        restartAndRecover();
        assertThat(nodes.accountIds(0)).containsExactly("2");
        assertThat(nodes.accountIds(1)).containsExactly("3");
    }

    /**
     * Through a proxy process armed at {@code failpoint}: empty tables, then a transaction writing id 2 on ds0 (the
     * anchor) and id 3 on ds1; its COMMIT stops at the failpoint, where the process is killed -9.
     */
    private void killDuringCommit(String failpoint) throws Exception {
        try (CliProcess proxy = serve(List.of("-Dshardgate.failpoint=" + failpoint))) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute(XaCluster.CREATE_ACCOUNTS);
            }
            nodes.empty(); // directly: a DELETE through the proxy would be a two-node commit, stopped too
            Connection c = connect();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO accounts (id, owner, balance) VALUES (2, 'ann', 10)");
                s.execute("INSERT INTO accounts (id, owner, balance) VALUES (3, 'bob', 20)");
            }
            CompletableFuture<Object> commit = CompletableFuture.supplyAsync(() -> {
                try (c) {
                    c.commit();
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            proxy.awaitLine(l -> l.contains("shardgate failpoint " + failpoint + " reached"), START);
            proxy.kill();
            assertThat(commit.get(60, TimeUnit.SECONDS)).as("the client's COMMIT").isInstanceOf(SQLException.class);
        }
    }

    /** The proxy process again, unarmed: its recovery settles every prepared branch. */
    private void restartAndRecover() throws Exception {
        try (CliProcess proxy = serve(List.of())) {
            await(() -> nodes.preparedBranches(0).isEmpty() && nodes.preparedBranches(1).isEmpty(),
                    "recovery settled every prepared branch");
            assertThat(proxy.isAlive()).isTrue();
        }
    }

    private CliProcess serve(List<String> jvmOptions) throws InterruptedException {
        CliProcess proxy = CliProcess.start(dir, jvmOptions, Map.of(), "serve", "--config", config.toString());
        proxy.awaitLine(l -> l.contains("listening on 127.0.0.1:" + port), START);
        return proxy;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + XaCluster.SCHEMA
                + "?socketTimeout=120000&connectTimeout=10000", ProxyFixture.USER, ProxyFixture.PASSWORD);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
