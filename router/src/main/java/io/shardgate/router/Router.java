package io.shardgate.router;

import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.TableConfig;
import io.shardgate.config.UserConfig;
import io.shardgate.router.access.AccessCheck;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Route;
import io.shardgate.router.planner.BindContext;
import io.shardgate.router.planner.PlanCache;
import io.shardgate.router.planner.PlanCompiler;
import io.shardgate.router.planner.PlanException;
import io.shardgate.router.planner.ShardCatalog;
import io.shardgate.router.sql.Hints;
import io.shardgate.router.sql.Literal;
import io.shardgate.router.sql.NormalizedSql;
import io.shardgate.router.sql.Normalizer;
import io.shardgate.router.keygen.IdGenerators;
import io.shardgate.router.keygen.IdSource;
import io.shardgate.router.strategy.InMemoryLookupStore;
import io.shardgate.router.strategy.ShardStrategies;
import io.shardgate.router.strategy.ShardStrategy;
import io.shardgate.router.topology.SchemaTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQL in, {@link Plan} out: the facade the proxy calls for every statement.
 *
 * <p>{@link #route} normalizes the text (one pass, no parsing), looks the shape up in the plan cache
 * (parsing and compiling only on a miss) and binds the statement's literals. Prepared statements compile
 * at {@link #prepare} and bind their parameters at {@link #execute}.
 *
 * <p>A router is immutable and thread-safe: it holds one config's catalog and its own plan cache. On a
 * config reload the proxy builds a new router and swaps the reference atomically; prepared statements stay
 * valid across the swap because a {@link Prepared} holds only the normalized text.
 *
 * <p>A {@code /*+ shardgate node=ds1 *}{@code /} hint sends the statement, exactly as written, to that node:
 * the escape hatch for what the planner refuses.
 *
 * <p>Every statement of a user with restricted grants (read-only, or a schema list) is first checked by
 * {@link AccessCheck}; a refusal is a {@link Reject} plan like any other, before hints, cache or binding.
 */
public final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** What a client is told when planning fails on a bug: never the exception, whose class names mean nothing to it. */
    public static final String INTERNAL_ERROR = "this statement: shardgate failed to plan it (an internal error; "
            + "the proxy's log has the details)";

    /** Default plan-cache size: distinct statement shapes kept compiled. */
    public static final long DEFAULT_CACHE_SIZE = 10_000;

    private final ShardCatalog catalog;
    private final PlanCompiler compiler;
    private final PlanCache cache;
    private final AccessCheck access = new AccessCheck();
    /** Users whose statements are checked, by name; the others may do anything. */
    private final Map<String, UserConfig> restricted;

    /**
     * @param strategies the strategy of each sharded table, e.g.
     *     {@code t -> ShardStrategies.create(t, config.timeZone(), lookupStores)}
     * @param ids the proxy's key generators: each table gets the one of its id layout
     */
    public Router(ShardgateConfig config, Function<TableConfig, ShardStrategy> strategies, IdGenerators ids) {
        this(config, strategies, t -> ids.of(config, t.keyGenerator()), DEFAULT_CACHE_SIZE);
    }

    /** A router whose every key generator is {@code ids}, whatever its layout (tests). */
    public Router(ShardgateConfig config, Function<TableConfig, ShardStrategy> strategies, LongSupplier ids) {
        this(config, strategies, ids, DEFAULT_CACHE_SIZE);
    }

    public Router(ShardgateConfig config, Function<TableConfig, ShardStrategy> strategies, LongSupplier ids,
                  long cacheSize) {
        this(config, strategies, constant(IdSource.of(ids)), cacheSize);
    }

    private static Function<TableConfig, IdSource> constant(IdSource ids) {
        return t -> ids;
    }

    private Router(ShardgateConfig config, Function<TableConfig, ShardStrategy> strategies,
                   Function<TableConfig, IdSource> ids, long cacheSize) {
        this.catalog = ShardCatalog.of(config, strategies, ids);
        this.compiler = new PlanCompiler(catalog);
        this.cache = new PlanCache(compiler, cacheSize);
        this.restricted = config.proxy().users().stream().filter(u -> !u.unrestricted())
                .collect(Collectors.toUnmodifiableMap(UserConfig::user, u -> u));
    }

    /**
     * A router for tools that plan without backends: the configured strategies, lookup tables kept in memory
     * (every lookup key starts unknown), snowflake ids with the configured worker id and layouts.
     */
    public static Router offline(ShardgateConfig config) {
        return new Router(config, t -> ShardStrategies.create(t, config.timeZone(), lookup -> new InMemoryLookupStore()),
                IdGenerators.forConfig(config));
    }

    /**
     * The tables of a logical schema (any case), for what the proxy does around a plan, such as naming
     * logical tables in result metadata; empty for an unknown schema or none selected.
     */
    public Optional<SchemaTopology> schemaTopology(String schema) {
        return catalog.schemaTopology(schema);
    }

    /** The plan of one statement (split multi-statement text first with {@code StatementSplitter}). */
    public Plan route(String sql, SessionView session) {
        NormalizedSql n = Normalizer.normalize(sql, session.sqlMode());
        // A '?' placeholder binds as an unknown value (SQL NULL, text "?"): a pass-through statement stays
        // as written (the proxy routes COM_STMT_PREPARE text this way), a sharded one cannot prune on it.
        return route(n, n.original(), n.literals(), session);
    }

    /**
     * The plan of a statement the caller normalized itself ({@link Normalizer#normalize}), for callers that also
     * want its shape (the proxy's digests and blacklist key on it): the same as {@link #route(String, SessionView)}
     * without normalizing twice.
     */
    public Plan route(NormalizedSql normalized, SessionView session) {
        return route(normalized, normalized.original(), normalized.literals(), session);
    }

    /** Compiles a prepared statement's text; the result is valid across config reloads. */
    public Prepared prepare(String sql, SessionView session) {
        NormalizedSql n = Normalizer.normalize(sql, session.sqlMode());
        if (n.hints().node() == null && n.hints().error() == null) {
            cache.get(session.schema(), n.shape());
        }
        return new Prepared(n);
    }

    /**
     * The plan of one execution of a prepared statement. Parameters are written into the shard SQL as
     * literals for the session's current sql_mode (it may have changed since PREPARE); a value that has no
     * literal form is refused, never sent.
     *
     * @param parameters one value per {@code ?} of the text, in order: Long, String, BigDecimal, byte[],
     *     LocalDate / LocalDateTime, Double, null ...
     */
    public Plan execute(Prepared statement, List<?> parameters, SessionView session) {
        NormalizedSql n = statement.sql();
        if (parameters.size() != statement.parameterCount()) {
            return new Reject(1210, "HY000", "Incorrect arguments to mysqld_stmt_execute: " + parameters.size()
                    + " parameters for " + statement.parameterCount() + " placeholders");
        }
        List<Literal> literals = new ArrayList<>(n.literals().size());
        int p = 0;
        for (Literal l : n.literals()) {
            if (!l.isParameter()) {
                literals.add(l);
                continue;
            }
            Object value = parameters.get(p);
            if (statement.limitParameters() != null && statement.limitParameters()[p]) {
                Object count = LimitParameters.integral(value);
                if (count == null) {
                    return LimitParameters.refusal(value);
                }
                value = count;
            }
            p++;
            try {
                literals.add(Literal.of(value, session.sqlMode()));
            } catch (IllegalArgumentException e) { // NaN, infinity: no SQL value
                return new Reject(1210, "HY000", "Incorrect arguments to mysqld_stmt_execute: parameter " + p
                        + " cannot be written as SQL (" + e.getMessage() + ")");
            }
        }
        // plans that run the statement as written (broadcast writes, pass-through) run it with the values bound
        return route(n, n.render(literals), literals, session);
    }

    /** @param text the statement as it is to run where it runs unchanged */
    private Plan route(NormalizedSql n, String text, List<Literal> literals, SessionView session) {
        UserConfig user = session.user() == null ? null : restricted.get(session.user());
        if (user != null) {
            Reject denied = access.check(n.shape(), user, session.remoteHost(), session.schema());
            if (denied != null) {
                return denied;
            }
        }
        Hints hints = n.hints();
        if (hints.error() != null) {
            return Reject.notSupported(hints.error());
        }
        if (hints.node() != null) {
            if (!catalog.hasNode(hints.node())) {
                return Reject.notSupported("hint names unknown node '" + hints.node() + "'; nodes are "
                        + catalog.allNodes());
            }
            boolean read = n.shape().regionMatches(true, 0, "SELECT", 0, 6);
            return new Route(hints.node(), text, !read || hints.primary() || session.inTransaction());
        }
        try {
            return cache.get(session.schema(), n.shape())
                    .bind(new BindContext(text, literals, hints, session));
        } catch (PlanException e) {
            return e.reject(); // refused while binding, e.g. a scatter's LIMIT that is no row count
        } catch (RuntimeException e) {
            // a planner bug must cost one statement, not the connection; the client gets words, the log the trace
            LOG.error("cannot plan {}", n.shape(), e);
            return Reject.notSupported(INTERNAL_ERROR);
        }
    }

    /** How many statements have been parsed: stays put while statements hit the plan cache. */
    public long parseCount() {
        return compiler.parses();
    }

    /** Plan-cache lookups that found a compiled shape. */
    public long planCacheHits() {
        return cache.hits();
    }

    /** Plan-cache lookups that had to compile. */
    public long planCacheMisses() {
        return cache.misses();
    }

    /** Compiled shapes currently cached. */
    public long cachedPlans() {
        return cache.size();
    }

    /**
     * A prepared statement: normalized once at PREPARE.
     *
     * @param limitParameters per parameter, whether it is a LIMIT / OFFSET value; null when none is
     */
    public record Prepared(NormalizedSql sql, boolean[] limitParameters) {

        public Prepared(NormalizedSql sql) {
            this(sql, LimitParameters.of(sql));
        }

        /** The number of {@code ?} placeholders the client must bind. */
        public int parameterCount() {
            return sql.parameterCount();
        }
    }
}
