package io.shardgate.proxy.cli;

import io.shardgate.config.ConfigException;
import io.shardgate.config.ConfigLoader;
import io.shardgate.config.ConfigProblem;
import io.shardgate.config.LoadedConfig;
import io.shardgate.config.LocalConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Validates a config file and prints every problem; exit code 1 when there is any. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate a sharding.yaml and print every problem (exit 1 if any).")
final class CheckConfigCommand implements Callable<Integer> {

    @Mixin
    ConfigFile config;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "the config file, instead of --config")
    Path positional;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = config.resolve(positional);
        try {
            if (ConfigLoader.readLocal(file, System::getenv) instanceof LocalConfig.Clustered c) {
                out.printf("%s: OK (cluster mode: ZooKeeper %s, namespace %s; the shared config is checked by "
                        + "shardgate config push)%n", file, c.cluster().connectString(), c.cluster().namespace());
                return 0;
            }
            LoadedConfig loaded = ConfigLoader.read(file, System::getenv);
            for (ConfigProblem w : loaded.warnings()) {
                out.println("warning: " + w);
            }
            var cfg = loaded.config();
            out.printf("%s: OK (%d nodes, %d schemas, %d sharded/broadcast tables)%n", file, cfg.nodes().size(),
                    cfg.schemas().size(), cfg.schemas().stream().mapToInt(s -> s.tables().size()).sum());
            return 0;
        } catch (ConfigException e) {
            err.printf("%s: %d problem%s%n", file, e.problems().size(), e.problems().size() == 1 ? "" : "s");
            for (ConfigProblem p : e.problems()) {
                err.println("  " + p);
            }
            return 1;
        }
    }
}
