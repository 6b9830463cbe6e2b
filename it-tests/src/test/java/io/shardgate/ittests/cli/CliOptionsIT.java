package io.shardgate.ittests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every subcommand takes the config the same way: {@code --config FILE}, with {@code FILE} alone kept as an alias. */
class CliOptionsIT {

    private static final Duration RUN = Duration.ofSeconds(60);
    private static final Path ROOT = ReadmeCommandsIT.root();

    private static CliProcess run(String... args) {
        return CliProcess.start(ROOT, args);
    }

    @Test
    void checkConfigTakesTheFileEitherWay() throws Exception {
        for (String[] args : new String[][] {{"check-config", "examples/range.yaml"},
                {"check-config", "--config", "examples/range.yaml"}, {"check-config", "-c", "examples/range.yaml"}}) {
            try (CliProcess cli = run(args)) {
                assertThat(cli.exitCode(RUN)).as(cli.output()).isZero();
                assertThat(cli.output()).startsWith("examples/range.yaml: OK");
            }
        }
    }

    @Test
    void twoDifferentFilesOrNoneAreUsageErrors() throws Exception {
        try (CliProcess cli = run("check-config", "--config", "examples/range.yaml", "examples/time.yaml")) {
            assertThat(cli.exitCode(RUN)).isEqualTo(2);
            assertThat(cli.output()).contains("two config files given");
        }
        for (String command : new String[] {"check-config", "serve", "route"}) {
            try (CliProcess cli = command.equals("route") ? run(command, "SELECT 1") : run(command)) {
                assertThat(cli.exitCode(RUN)).as(command).isEqualTo(2);
                assertThat(cli.output()).as(command).contains("Missing required option: '--config=FILE'");
            }
        }
    }

    @Test
    void aConfigWithProblemsIsExitCodeOneEverywhere() throws Exception {
        Path bad = Path.of("it-tests/src/test/resources/cli/bad.yaml");
        try (CliProcess cli = run("check-config", "--config", bad.toString())) {
            assertThat(cli.exitCode(RUN)).isEqualTo(1);
            assertThat(cli.output()).contains("problem");
        }
        try (CliProcess cli = run("route", "--config", bad.toString(), "SELECT 1")) {
            assertThat(cli.exitCode(RUN)).isEqualTo(1);
        }
        try (CliProcess cli = run("serve", "--config", bad.toString())) {
            assertThat(cli.exitCode(RUN)).isEqualTo(1);
            assertThat(cli.output()).contains("not starting");
        }
    }
}
