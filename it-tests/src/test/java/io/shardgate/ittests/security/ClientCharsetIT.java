package io.shardgate.ittests.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that writes gbk, through the {@code mariadb} command-line client, which names its charset in the
 * handshake ({@code --default-character-set}) or with {@code SET NAMES}: the proxy must read the client's
 * bytes as gbk, have every backend connection read what it sends as gbk, and write the statements it
 * rewrites (a multi-row INSERT split over shards) in gbk. In gbk, 乗 is 0x81 0x5C: read as UTF-8 its second
 * byte is a backslash, which would swallow the quote after it.
 */
@ExtendWith(SharedBackends.class)
class ClientCharsetIT {

    private static final Charset GBK = Charset.forName("GBK");
    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = ProxyFixture.start(backends, "charset_it", NotesTable.schemas(""));
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute(NotesTable.CREATE);
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
    }

    @AfterEach
    void empty() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("DELETE FROM notes");
        }
    }

    @Test
    void aClientNamingGbkInItsHandshakeIsReadAndWrittenInGbk() throws Exception {
        exchange(List.of("--default-character-set=gbk"), "");
    }

    @Test
    void aClientSwitchingToGbkWithSetNamesIsReadAndWrittenInGbk() throws Exception {
        // the client's own "charset" command sends SET NAMES and makes the client itself read gbk
        exchange(List.of("--default-character-set=utf8mb4"), "charset gbk\n");
    }

    private static void exchange(List<String> options, String prologue) throws Exception {
        String sql = prologue
                + "INSERT INTO notes (id, owner, s) VALUES (1, 1, '乗\\\\'), (2, 2, '俓\\\\'' OR 1=1 -- '), "
                + "(5, 5, '乗'''), (6, 6, '中文');\n"
                + "SELECT COUNT(*) FROM notes WHERE s = '乗\\\\';\n"
                + "SELECT s FROM notes WHERE owner = 5;\n";
        String out = cli(options, sql.getBytes(GBK));
        assertThat(out.lines().toList()).containsExactly("COUNT(*)", "1", "s", "乗'");

        Map<Long, String> expected = new TreeMap<>(Map.of(
                1L, "乗\\", 2L, "俓\\' OR 1=1 -- ", 5L, "乗'", 6L, "中文"));
        Map<Long, String> hexed = new TreeMap<>();
        expected.forEach((id, v) -> hexed.put(id, NotesTable.hex(v)));
        assertThat(NotesTable.storedOnBackends(proxy)).isEqualTo(hexed);
    }

    /** Runs the client with {@code input} on its standard input; returns what it printed, read as gbk. */
    private static String cli(List<String> options, byte[] input) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/mariadb", "--no-defaults", "--protocol=TCP",
                "-h", "127.0.0.1", "-P", Integer.toString(proxy.port()), "-u", ProxyFixture.USER,
                "-p" + ProxyFixture.PASSWORD, "--batch", "--raw"));
        command.addAll(options);
        command.add(proxy.schema());
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(input);
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("mariadb did not finish in 60 s");
        }
        assertThat(p.exitValue()).as(new String(err.join(), StandardCharsets.UTF_8)).isZero();
        return new String(out, GBK);
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
