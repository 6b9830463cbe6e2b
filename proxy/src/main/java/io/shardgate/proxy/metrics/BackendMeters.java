package io.shardgate.proxy.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.shardgate.config.HostPort;
import io.shardgate.proxy.pool.ConnectionPool;
import io.shardgate.proxy.pool.NodePools;
import io.shardgate.proxy.pool.ServerHealth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Meters of each backend server (tags {@code node}, {@code role}, {@code address}): its pools' connections and
 * acquire waits summed over their flavours, connects opened and failed, whether it is up or OFFLINE, its replication
 * lag and its events. The servers come from the live config: each scrape registers the meters of servers a reload
 * added and removes those of servers it removed, so a reload leaves no stale series behind.
 */
public final class BackendMeters {

    private record Server(String node, HostPort address) {
    }

    private final NodePools pools;
    private final Map<Server, List<Meter>> registered = new HashMap<>();

    public BackendMeters(NodePools pools) {
        this.pools = pools;
    }

    synchronized void sync(MeterRegistry registry) {
        Set<Server> present = new HashSet<>();
        for (ServerHealth h : pools.servers()) {
            Server s = new Server(h.node(), h.address());
            present.add(s);
            registered.computeIfAbsent(s, k -> register(registry, h));
        }
        registered.entrySet().removeIf(e -> {
            if (present.contains(e.getKey())) {
                return false;
            }
            e.getValue().forEach(registry::remove);
            return true;
        });
    }

    private List<Meter> register(MeterRegistry registry, ServerHealth h) {
        Tags tags = Tags.of("node", h.node(), "role", h.role().label(), "address", h.address().toString());
        List<Meter> meters = new ArrayList<>();
        for (String state : List.of("active", "idle", "waiting")) {
            meters.add(Gauge.builder("shardgate.pool.connections", h, x -> sum(x, p -> switch (state) {
                case "active" -> p.total() - p.idleCount();
                case "idle" -> p.idleCount();
                default -> p.waiting();
            })).tags(tags).tag("state", state).strongReference(true)
                    .description("backend connections of the server's pools").register(registry));
        }
        meters.add(Gauge.builder("shardgate.pool.max", h, x -> pools.poolsOf(x.node(), x.address()).stream()
                        .mapToInt(p -> p.limits().max()).findFirst().orElse(0))
                .tags(tags).strongReference(true).description("pool.max of the server's pools (each flavour)")
                .register(registry));
        meters.add(counter(registry, "shardgate.backend.connections.opened", tags, h,
                x -> sum(x, ConnectionPool::createdCount), "backend connections opened"));
        meters.add(counter(registry, "shardgate.backend.connect.failures", tags, h,
                x -> sum(x, ConnectionPool::connectFailures), "backend connections that failed to open"));
        meters.add(counter(registry, "shardgate.pool.acquire.timeouts", tags, h,
                x -> sum(x, ConnectionPool::acquireTimeouts), "waits for a connection that gave up (acquire-timeout)"));
        meters.add(ProxyMetrics.acquireTimer(registry, tags, h, x -> sum(x, ConnectionPool::acquires),
                x -> sum(x, ConnectionPool::acquireWaitNanos)));
        meters.add(Gauge.builder("shardgate.node.up", h, x -> x.up() ? 1 : 0).tags(tags).strongReference(true)
                .description("1 while the server answers, 0 when down or not checked yet").register(registry));
        meters.add(Gauge.builder("shardgate.node.offline", h, x -> x.offline() ? 1 : 0).tags(tags)
                .strongReference(true).description("1 while an administrator has set the replica OFFLINE")
                .register(registry));
        if (h.role() == ServerHealth.Role.REPLICA) {
            meters.add(Gauge.builder("shardgate.replica.lag", h, x -> x.lagSeconds() < 0 ? Double.NaN : x.lagSeconds())
                    .tags(tags).baseUnit("seconds").strongReference(true)
                    .description("Seconds_Behind_Master at the last lag check (NaN: not checked or not replicating)")
                    .register(registry));
        }
        for (ServerHealth.Event event : ServerHealth.Event.values()) {
            meters.add(FunctionCounter.builder("shardgate.node.events", h, x -> x.events(event)).tags(tags)
                    .tag("event", event.label()).description("node events: each change of state counted once")
                    .register(registry));
        }
        return meters;
    }

    private Meter counter(MeterRegistry registry, String name, Tags tags, ServerHealth h,
                          ToDoubleFunction<ServerHealth> value, String description) {
        return FunctionCounter.builder(name, h, value).tags(tags).description(description).register(registry);
    }

    private long sum(ServerHealth h, ToLongFunction<ConnectionPool> value) {
        long total = 0;
        for (ConnectionPool p : pools.poolsOf(h.node(), h.address())) {
            total += value.applyAsLong(p);
        }
        return total;
    }
}
