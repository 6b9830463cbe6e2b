package io.shardgate.proxy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar shardgate.jar <command>}: the one entry point of the runnable jar. */
@Command(name = "shardgate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "MySQL-protocol database sharding proxy.",
        subcommands = {ServeCommand.class, CheckConfigCommand.class, RouteCommand.class, ReshardCommand.class, ConfigCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI without exiting, for tests. */
    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"shardgate " + (v == null ? "dev" : v)};
        }
    }
}
