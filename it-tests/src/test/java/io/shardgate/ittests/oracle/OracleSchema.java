package io.shardgate.ittests.oracle;

import java.util.List;

/**
 * The logical tables of the oracle: the same DDL runs through the proxy (which makes every physical shard
 * table) and directly in the unsharded reference database. The sharding follows {@code examples/demo.yaml}:
 * orders by hash-mod on a BIGINT, order_items bound to it, customers by region, events by month, countries
 * broadcast; suppliers is unsharded (on the default node), with columns matching the sharded tables' join
 * columns. Collations are spelled out so both sides compare strings alike.
 */
final class OracleSchema {

    static final String SCHEMAS_YAML = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - name: orders
                    shard-key: user_id
                    strategy: hash-mod
                    nodes: [ds0, ds1]
                    locations: [2, 2]
                  - name: order_items
                    binding: orders
                    shard-key: user_id
                  - name: customers
                    shard-key: region
                    strategy: region
                    nodes: [ds0, ds1]
                    locations: [2, 2]
                    regions: {north: 0, south: 1, east: 2, west: 3}
                    default-shard: 0
                  - name: events
                    shard-key: created_at
                    strategy: time
                    unit: month
                    nodes: [ds0, ds1]
                    periods: [2025-01..2025-06, 2025-07..2025-12]
                  - name: countries
                    broadcast: true
            """;

    private static final String TABLE_OPTIONS = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci";

    static final List<String> CREATE_TABLES = List.of(
            "CREATE TABLE orders (order_id BIGINT NOT NULL PRIMARY KEY, user_id BIGINT NOT NULL, "
                    + "amount DECIMAL(12,2) NULL, qty INT NULL, big BIGINT NULL, status VARCHAR(20) NOT NULL, "
                    + "created_at DATETIME NULL, note VARCHAR(40) NULL, country CHAR(2) NULL, "
                    + "KEY by_user (user_id))" + TABLE_OPTIONS,
            "CREATE TABLE order_items (item_id BIGINT NOT NULL PRIMARY KEY, order_id BIGINT NOT NULL, "
                    + "user_id BIGINT NOT NULL, sku VARCHAR(16) NOT NULL, price DECIMAL(10,3) NULL, "
                    + "quantity INT NOT NULL, weight DOUBLE NULL, KEY by_order (order_id))" + TABLE_OPTIONS,
            "CREATE TABLE customers (id INT NOT NULL PRIMARY KEY, region VARCHAR(16) NOT NULL, "
                    + "name VARCHAR(30) NOT NULL, code VARCHAR(12) COLLATE utf8mb4_bin NULL, country CHAR(2) NULL, "
                    + "balance DECIMAL(14,4) NULL, born DATE NULL, vip TINYINT(1) NOT NULL, "
                    + "title VARCHAR(20) COLLATE utf8mb4_unicode_ci NULL)" + TABLE_OPTIONS,
            "CREATE TABLE events (id BIGINT NOT NULL PRIMARY KEY, created_at DATETIME NOT NULL, "
                    + "kind VARCHAR(12) NOT NULL, user_id BIGINT NULL, val INT NULL, payload VARCHAR(30) NULL)"
                    + TABLE_OPTIONS,
            "CREATE TABLE countries (code CHAR(2) NOT NULL PRIMARY KEY, name VARCHAR(40) NOT NULL, "
                    + "continent VARCHAR(16) NOT NULL)" + TABLE_OPTIONS,
            "CREATE TABLE suppliers (id INT NOT NULL PRIMARY KEY, user_id BIGINT NULL, customer_id INT NULL, "
                    + "region VARCHAR(16) NULL, status VARCHAR(20) NULL, since DATETIME NULL, "
                    + "name VARCHAR(30) NOT NULL, rating DECIMAL(4,1) NULL)" + TABLE_OPTIONS);

    private OracleSchema() {
    }
}
