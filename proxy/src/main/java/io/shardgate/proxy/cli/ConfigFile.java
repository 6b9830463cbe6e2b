package io.shardgate.proxy.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How every subcommand takes its config: {@code -c FILE} / {@code --config FILE}. A command whose other
 * arguments leave room ({@code serve}, {@code check-config}) also accepts the file as its first positional
 * argument, the older spelling, so {@code check-config FILE} and {@code check-config --config FILE} mean the
 * same.
 */
final class ConfigFile {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "the config file (sharding.yaml)")
    Path option;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The file given by option or, for commands that allow it, by position; a usage error without one. */
    Path resolve(Path positional) {
        if (option != null && positional != null && !option.equals(positional)) {
            throw new ParameterException(spec.commandLine(),
                    "two config files given (" + option + " and " + positional + "): give one, with --config");
        }
        Path file = option != null ? option : positional;
        if (file == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--config=FILE'");
        }
        return file;
    }
}
