package io.shardgate.proxy.cli;

import io.shardgate.config.ConfigException;
import io.shardgate.config.ConfigLoader;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.StrategyParams;
import io.shardgate.router.Router;
import io.shardgate.router.SessionView;
import io.shardgate.router.keygen.IdGenerators;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.strategy.InMemoryLookupStore;
import io.shardgate.router.strategy.LookupStore;
import io.shardgate.router.strategy.ShardStrategies;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prints the plan of a statement without any backend: shards, physical SQL per node, merge steps. Exit code
 * 1 when the config is invalid or the router refuses the statement (the plan printed is then the refusal a
 * client would get).
 */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Print the plan the router makes for a statement (no backend needed). "
                + "Exit 1 if the statement is refused.")
final class RouteCommand implements Callable<Integer> {

    @Mixin
    ConfigFile configFile;

    @Option(names = {"-s", "--schema"}, paramLabel = "SCHEMA",
            description = "the current schema (default: the first schema of the config)")
    String schema;

    @Parameters(index = "0", paramLabel = "SQL", description = "the statement")
    String sql;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var config = configFile.resolve(null);
        ShardgateConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (ConfigException e) {
            err.println(config + ":\n" + e.getMessage());
            return 1;
        }
        // Offline there is no locator table to read: lookup keys start unknown, and the plan says so.
        Set<String> lookupsAsked = new LinkedHashSet<>();
        Router router = new Router(cfg, t -> ShardStrategies.create(t, cfg.timeZone(),
                lookup -> new OfflineLookupStore(lookup, lookupsAsked)), IdGenerators.forConfig(cfg));
        String current = schema != null ? schema : cfg.schemas().isEmpty() ? null : cfg.schemas().get(0).name();
        Plan plan = router.route(sql, SessionView.of(current, false));
        out.print(plan.describe());
        out.flush();
        for (String locator : lookupsAsked) {
            err.println("note: route cannot see the lookup store " + locator + " offline: every key is shown as"
                    + " unknown (a read finds no shard, an INSERT gets the allocator's choice for a new key)");
        }
        out.flush();
        err.flush();
        return plan instanceof Reject ? 1 : 0;
    }

    /** An empty in-memory locator that notes it was asked, so the user learns the plan is a guess. */
    private static final class OfflineLookupStore implements LookupStore {
        private final InMemoryLookupStore store = new InMemoryLookupStore();
        private final String name;
        private final Set<String> asked;

        OfflineLookupStore(StrategyParams.Lookup lookup, Set<String> asked) {
            this.name = lookup.table() + " (node " + lookup.node() + ")";
            this.asked = asked;
        }

        @Override
        public OptionalInt find(String key) {
            asked.add(name);
            return store.find(key);
        }

        @Override
        public int assign(String key, int proposedShard) {
            asked.add(name);
            return store.assign(key, proposedShard);
        }
    }
}
