package io.shardgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Most tests drive {@code checkOnce(now)} by hand with a made-up clock, so debouncing is tested
 * without sleeping and without timing assumptions; one test runs the real polling thread.
 */
class ConfigWatcherTest {

    private static final long MS = 1_000_000L;
    private static final Duration QUIET = Duration.ofMillis(300);

    @TempDir
    Path dir;
    private Path file;
    private final List<ShardgateConfig> reloaded = new CopyOnWriteArrayList<>();
    private final List<ConfigException> failed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void writeInitialFile() throws Exception {
        file = dir.resolve("sharding.yaml");
        Files.writeString(file, withMaxConnections(100));
    }

    /** A valid config whose max-connections tells versions apart; different values give different sizes. */
    private static String withMaxConnections(int n) {
        return TestYaml.minimal().replace("proxy:\n", "proxy:\n  max-connections: " + n + "\n");
    }

    private ConfigWatcher watcher() {
        return new ConfigWatcher(file, TestYaml.NO_ENV, Duration.ofMillis(20), QUIET, reloaded::add, failed::add);
    }

    @Test
    void validChangeIsDeliveredAfterTheQuietPeriod() throws Exception {
        try (ConfigWatcher w = watcher()) {
            Files.writeString(file, withMaxConnections(2000));
            w.checkOnce(0);
            w.checkOnce(299 * MS);
            assertThat(reloaded).isEmpty();
            w.checkOnce(300 * MS);
            assertThat(reloaded).singleElement().satisfies(c -> assertThat(c.proxy().maxConnections()).isEqualTo(2000));
            assertThat(failed).isEmpty();
        }
    }

    @Test
    void invalidChangeIsReportedAndNotDelivered() throws Exception {
        try (ConfigWatcher w = watcher()) {
            Files.writeString(file, withMaxConnections(100).replace("max-connections: 100", "max-connections: lots"));
            w.checkOnce(0);
            w.checkOnce(400 * MS);
            assertThat(reloaded).isEmpty();
            assertThat(failed).singleElement().satisfies(e -> assertThat(e.getMessage())
                    .isEqualTo("proxy.max-connections: 'lots' is not an integer"));

            // fixing the file is picked up as usual
            Files.writeString(file, withMaxConnections(77));
            w.checkOnce(500 * MS);
            w.checkOnce(900 * MS);
            assertThat(reloaded).singleElement().satisfies(c -> assertThat(c.proxy().maxConnections()).isEqualTo(77));
        }
    }

    @Test
    void rapidEditsAreDebouncedToOneReload() throws Exception {
        try (ConfigWatcher w = watcher()) {
            Files.writeString(file, withMaxConnections(1));
            w.checkOnce(0);
            Files.writeString(file, withMaxConnections(22));
            w.checkOnce(100 * MS);
            Files.writeString(file, withMaxConnections(333));
            w.checkOnce(200 * MS);
            w.checkOnce(499 * MS); // 299 ms after the last change seen: still quiet-waiting
            assertThat(reloaded).isEmpty();
            w.checkOnce(500 * MS);
            w.checkOnce(900 * MS);
            w.checkOnce(2000 * MS);
            assertThat(reloaded).singleElement().satisfies(c -> assertThat(c.proxy().maxConnections()).isEqualTo(333));
        }
    }

    @Test
    void touchWithoutContentChangeIsNotDelivered() throws Exception {
        try (ConfigWatcher w = watcher()) {
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));
            w.checkOnce(0);
            w.checkOnce(400 * MS);
            assertThat(reloaded).isEmpty();
            assertThat(failed).isEmpty();
        }
    }

    @Test
    void deletedFileIsReportedAndTheOldConfigKept() throws Exception {
        try (ConfigWatcher w = watcher()) {
            Files.delete(file);
            w.checkOnce(0);
            w.checkOnce(400 * MS);
            assertThat(reloaded).isEmpty();
            assertThat(failed).singleElement().satisfies(e -> assertThat(e.getMessage()).endsWith(": no such file"));
        }
    }

    @Test
    void reloadNowLoadsEvenAnUnchangedFile() throws Exception {
        try (ConfigWatcher w = watcher()) {
            ShardgateConfig c = w.reloadNow().get(10, TimeUnit.SECONDS);
            assertThat(c.proxy().maxConnections()).isEqualTo(100);
            assertThat(reloaded).containsExactly(c);
        }
    }

    @Test
    void reloadNowFailsWithTheProblems() throws Exception {
        try (ConfigWatcher w = watcher()) {
            Files.writeString(file, "proxy: [");
            assertThatThrownBy(() -> w.reloadNow().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ConfigException.class);
            assertThat(failed).hasSize(1);
            assertThat(reloaded).isEmpty();
        }
    }

    @Test
    void aListenerRefusalIsReportedAndRetriedWhenTheFileIsSavedAgain() throws Exception {
        List<ShardgateConfig> offered = new CopyOnWriteArrayList<>();
        boolean[] refuse = {true};
        ConfigWatcher w = new ConfigWatcher(file, TestYaml.NO_ENV, Duration.ofMillis(20), QUIET, c -> {
            offered.add(c);
            if (refuse[0]) {
                throw new ConfigException("test", List.of(new ConfigProblem("schemas.shop.tables.orders", "holds rows")));
            }
            reloaded.add(c);
        }, failed::add);
        try (w) {
            Files.writeString(file, withMaxConnections(2000));
            w.checkOnce(0);
            w.checkOnce(400 * MS);
            assertThat(offered).hasSize(1);
            assertThat(reloaded).isEmpty();
            assertThat(failed).singleElement().satisfies(e ->
                    assertThat(e.getMessage()).isEqualTo("schemas.shop.tables.orders: holds rows"));
            assertThatThrownBy(() -> w.reloadNow().get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(ConfigException.class);

            // the same content saved again is offered again, since it never applied
            refuse[0] = false;
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));
            w.checkOnce(500 * MS);
            w.checkOnce(900 * MS);
            assertThat(reloaded).singleElement().satisfies(c -> assertThat(c.proxy().maxConnections()).isEqualTo(2000));
        }
    }

    @Test
    void reloadNowAfterCloseFails() {
        ConfigWatcher w = watcher();
        w.close();
        assertThat(w.reloadNow()).isCompletedExceptionally();
    }

    @Test
    void pollingThreadDeliversChanges() throws Exception {
        LinkedBlockingQueue<ShardgateConfig> queue = new LinkedBlockingQueue<>();
        ConfigWatcher w = new ConfigWatcher(file, TestYaml.NO_ENV, Duration.ofMillis(20), Duration.ofMillis(50),
                queue::add, failed::add);
        try (w) {
            w.start();
            Files.writeString(file, withMaxConnections(4242));
            // generous bound: only a hung watcher takes this long
            ShardgateConfig c = queue.poll(30, TimeUnit.SECONDS);
            assertThat(c).isNotNull();
            assertThat(c.proxy().maxConnections()).isEqualTo(4242);
        }
    }
}
