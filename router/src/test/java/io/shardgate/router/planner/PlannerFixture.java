package io.shardgate.router.planner;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.router.Router;
import io.shardgate.router.strategy.InMemoryLookupStore;
import io.shardgate.router.strategy.ShardStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** Routers over {@code planner/sharding.yaml} with an in-memory lookup store and a counting id source. */
final class PlannerFixture {

    private PlannerFixture() {
    }

    static ShardgateConfig config() {
        try (var in = PlannerFixture.class.getResourceAsStream("/planner/sharding.yaml")) {
            return ConfigLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "planner/sharding.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh router: ids count up from 1000, the lookup store starts empty. */
    static Router router() {
        ShardgateConfig config = config();
        AtomicLong ids = new AtomicLong(1000);
        return new Router(config, t -> ShardStrategies.create(t, config.timeZone(), lookup -> new InMemoryLookupStore()),
                ids::getAndIncrement);
    }
}
