package io.shardgate.ittests.sharding;

import io.shardgate.config.TableConfig;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.router.strategy.LookupStoreFactory;
import io.shardgate.router.strategy.ShardStrategies;
import io.shardgate.router.topology.ShardLocation;
import io.shardgate.router.topology.TableTopology;
import java.sql.SQLException;

/**
 * The schema the statement-coverage tests share: a hash-mod table {@code orders} (4 shards, shard key
 * {@code user_id}, snowflake {@code order_id}), its binding table {@code order_items}, a hash-mod table
 * {@code tickets} whose generated key is its shard key, a broadcast table {@code countries}, and unsharded
 * tables on ds0. Answers where a key's rows belong, using the router's own strategy and topology classes.
 */
final class ShardedTables {

    static final String SCHEMAS = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - name: orders
                    shard-key: user_id
                    strategy: hash-mod
                    nodes: [ds0, ds1]
                    locations: [2, 2]
                    key-generator: {column: order_id, type: snowflake}
                  - name: order_items
                    binding: orders
                    shard-key: user_id
                  - name: tickets
                    shard-key: id
                    strategy: hash-mod
                    nodes: [ds0, ds1]
                    locations: [2, 2]
                    key-generator: {column: id}
                  - name: ddl_t
                    shard-key: id
                    strategy: hash-mod
                    nodes: [ds0, ds1]
                    locations: [2, 2]
                  - name: countries
                    broadcast: true
            """;

    static final String CREATE_ORDERS = "CREATE TABLE orders (order_id BIGINT NOT NULL PRIMARY KEY, "
            + "user_id BIGINT NOT NULL, amount DECIMAL(10,2) NOT NULL, status VARCHAR(16) NOT NULL DEFAULT 'new', "
            + "KEY user_idx (user_id))";
    static final String CREATE_ORDER_ITEMS = "CREATE TABLE order_items (order_id BIGINT NOT NULL, "
            + "user_id BIGINT NOT NULL, sku VARCHAR(20) NOT NULL, qty INT NOT NULL, PRIMARY KEY (order_id, sku))";
    static final String CREATE_TICKETS = "CREATE TABLE tickets (id BIGINT NOT NULL PRIMARY KEY, "
            + "title VARCHAR(40) NOT NULL)";
    static final String CREATE_COUNTRIES = "CREATE TABLE countries (code CHAR(2) NOT NULL PRIMARY KEY, "
            + "name VARCHAR(40) NOT NULL)";

    private final ProxyFixture proxy;
    private final BackendTables backends;

    private ShardedTables(ProxyFixture proxy, BackendTables backends) {
        this.proxy = proxy;
        this.backends = backends;
    }

    static ShardedTables start(Backends shared, String schema) throws SQLException {
        ProxyFixture proxy = ProxyFixture.start(shared, schema, SCHEMAS);
        return new ShardedTables(proxy, new BackendTables(proxy, shared));
    }

    ProxyFixture proxy() {
        return proxy;
    }

    BackendTables backends() {
        return backends;
    }

    TableTopology topology(String table) {
        return TableTopology.of(config(table));
    }

    /** Where rows of {@code table} with shard key {@code key} belong. */
    BackendTables.Place placeOf(String table, Object key) {
        TableConfig config = config(table);
        int shard = ShardStrategies.create(config, proxy.server().config().timeZone(), LookupStoreFactory.NONE)
                .shardOf(key);
        ShardLocation location = TableTopology.of(config).location(shard);
        return new BackendTables.Place(location.node(), location.physicalTable());
    }

    private TableConfig config(String table) {
        return proxy.server().config().schema(proxy.schema()).flatMap(s -> s.table(table)).orElseThrow();
    }
}
