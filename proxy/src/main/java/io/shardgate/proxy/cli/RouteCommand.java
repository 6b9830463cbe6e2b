package io.shardgate.proxy.cli;

import io.shardgate.config.ConfigException;
import io.shardgate.config.ConfigLoader;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.router.Router;
import io.shardgate.router.SessionView;
import io.shardgate.router.keygen.SnowflakeGenerator;
import io.shardgate.router.strategy.InMemoryLookupStore;
import io.shardgate.router.strategy.ShardStrategies;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints the plan of a statement without any backend: shards, physical SQL per node, merge steps. */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Print the plan the router makes for a statement (no backend needed).")
final class RouteCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the config file")
    Path config;

    @Option(names = {"-s", "--schema"}, paramLabel = "SCHEMA",
            description = "the current schema (default: the first schema of the config)")
    String schema;

    @Parameters(index = "0", paramLabel = "SQL", description = "the statement")
    String sql;

    @Override
    public Integer call() {
        ShardgateConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println(config + ":\n" + e.getMessage());
            return 1;
        }
        // Lookup tables are answered from an empty in-memory store: unknown keys show as such.
        Router router = new Router(cfg, t -> ShardStrategies.create(t, cfg.timeZone(), l -> new InMemoryLookupStore()),
                new SnowflakeGenerator(cfg.proxy().workerId()));
        String current = schema != null ? schema : cfg.schemas().isEmpty() ? null : cfg.schemas().get(0).name();
        System.out.print(router.route(sql, SessionView.of(current, false)).describe());
        return 0;
    }
}
