package io.shardgate.proxy.cli;

import io.shardgate.config.ClusterSettings;
import io.shardgate.config.ConfigException;
import io.shardgate.config.ConfigLoader;
import io.shardgate.config.ConfigProblem;
import io.shardgate.config.HostPort;
import io.shardgate.config.LocalConfig;
import io.shardgate.proxy.cluster.ClusterClient;
import io.shardgate.proxy.cluster.ConfigVersions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shardgate config push FILE}: a fleet's shared config, validated and stored in ZooKeeper as a new version. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Manage a cluster's shared config.",
        subcommands = {ConfigCommand.Push.class})
final class ConfigCommand {

    @Command(name = "push", mixinStandardHelpOptions = true,
            description = "Validate a sharding.yaml completely and store it in ZooKeeper as the cluster's next config "
                    + "version; every instance applies it (or keeps its running version and reports why not).")
    static final class Push implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "FILE", description = "the shared config (sharding.yaml)")
        Path file;

        @Option(names = "--zookeeper", paramLabel = "HOST:PORT[,...]",
                description = "the ensemble; or give --cluster with an instance's local file")
        String zookeeper;

        @Option(names = "--namespace", paramLabel = "NAME", description = "the fleet's namespace (default: shardgate)")
        String namespace;

        @Option(names = "--cluster", paramLabel = "LOCAL_FILE",
                description = "an instance's local file: its cluster section names the ensemble and namespace")
        Path cluster;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ClusterSettings settings;
            try {
                settings = settings();
            } catch (ConfigException e) {
                err.printf("%s: %d problem%s%n", e.source(), e.problems().size(), e.problems().size() == 1 ? "" : "s");
                e.problems().forEach(p -> err.println("  " + p));
                return 1;
            }
            String yaml;
            try {
                yaml = Files.readString(file);
            } catch (IOException e) {
                err.println("cannot read " + file + ": " + e.getMessage());
                return 1;
            }
            Path dir = file.toAbsolutePath().getParent();
            try (ClusterClient client = ClusterClient.connect(settings, Duration.ofSeconds(15))) {
                int version = ConfigVersions.push(client.curator(), yaml, file.toString(), System::getenv,
                        dir == null ? Path.of("") : dir);
                out.printf("%s: stored as config version %d in ZooKeeper %s (namespace %s)%n", file, version,
                        settings.connectString(), settings.namespace());
                return 0;
            } catch (ConfigException e) {
                err.printf("%s: %d problem%s, nothing stored%n", file, e.problems().size(),
                        e.problems().size() == 1 ? "" : "s");
                for (ConfigProblem p : e.problems()) {
                    err.println("  " + p);
                }
                return 1;
            } catch (IllegalStateException e) {
                err.println(e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                err.println("cannot store the config in ZooKeeper " + settings.connectString() + ": " + e.getMessage());
                return 1;
            }
        }

        private ClusterSettings settings() {
            if (cluster != null) {
                if (zookeeper != null || namespace != null) {
                    throw new ParameterException(spec.commandLine(), "give --cluster, or --zookeeper and --namespace");
                }
                if (ConfigLoader.readLocal(cluster, System::getenv) instanceof LocalConfig.Clustered c) {
                    return c.cluster();
                }
                throw new ConfigException(cluster.toString(), List.of(new ConfigProblem("cluster",
                        "has no cluster section: it is not an instance's file in cluster mode")));
            }
            if (zookeeper == null) {
                throw new ParameterException(spec.commandLine(), "Missing required option: '--zookeeper' (or --cluster)");
            }
            List<HostPort> ensemble = new ArrayList<>();
            try {
                for (String item : zookeeper.split(",")) {
                    ensemble.add(HostPort.parse(item.trim()));
                }
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--zookeeper: " + e.getMessage());
            }
            return new ClusterSettings(ensemble, namespace == null ? ClusterSettings.DEFAULT_NAMESPACE : namespace,
                    ClusterSettings.DEFAULT_SESSION_TIMEOUT, null, null, null);
        }
    }
}
