package io.shardgate.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * The demo's tables and sample rows, created and loaded through the proxy itself: the physical tables of
 * every shard come from one logical CREATE TABLE each, and every row lands where its strategy says.
 */
final class DemoData {

    private static final String[] DDL = {
        "CREATE TABLE IF NOT EXISTS countries (code CHAR(2) PRIMARY KEY, name VARCHAR(64) NOT NULL)",
        "CREATE TABLE IF NOT EXISTS orders (order_id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, "
                + "amount DECIMAL(10,2) NOT NULL, status VARCHAR(16) NOT NULL DEFAULT 'new', "
                + "created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, KEY (user_id))",
        "CREATE TABLE IF NOT EXISTS order_items (order_id BIGINT NOT NULL, user_id BIGINT NOT NULL, "
                + "sku VARCHAR(32) NOT NULL, qty INT NOT NULL, PRIMARY KEY (order_id, sku))",
        "CREATE TABLE IF NOT EXISTS customers (id BIGINT PRIMARY KEY, region VARCHAR(16) NOT NULL, "
                + "name VARCHAR(64) NOT NULL)",
        "CREATE TABLE IF NOT EXISTS events (id BIGINT NOT NULL, created_at DATETIME NOT NULL, "
                + "kind VARCHAR(32) NOT NULL, PRIMARY KEY (id, created_at))",
    };

    private DemoData() {
    }

    static void load(String url, String user, String password, int orders) throws SQLException {
        Random random = new Random(42);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            for (String ddl : DDL) {
                s.execute(ddl);
            }
            s.execute("INSERT IGNORE INTO countries (code, name) VALUES ('DE', 'Germany'), ('FR', 'France'), ('JP', 'Japan')");
            String[] skus = {"book", "pen", "lamp", "mug", "desk"};
            try (PreparedStatement order = c.prepareStatement(
                         "INSERT INTO orders (user_id, amount, status) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement item = c.prepareStatement(
                         "INSERT INTO order_items (order_id, user_id, sku, qty) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < orders; i++) {
                    long userId = 1 + random.nextInt(50);
                    order.setLong(1, userId);
                    order.setBigDecimal(2, java.math.BigDecimal.valueOf(100 + random.nextInt(20000), 2));
                    order.setString(3, random.nextInt(4) == 0 ? "shipped" : "new");
                    order.executeUpdate();
                    long orderId;
                    try (var keys = order.getGeneratedKeys()) {
                        keys.next();
                        orderId = keys.getLong(1);
                    }
                    item.setLong(1, orderId);
                    item.setLong(2, userId);
                    item.setString(3, skus[random.nextInt(skus.length)]);
                    item.setInt(4, 1 + random.nextInt(3));
                    item.executeUpdate();
                }
            }
            String[] regions = {"north", "south", "east", "west"};
            for (int i = 1; i <= 40; i++) {
                s.execute("INSERT IGNORE INTO customers (id, region, name) VALUES (" + i + ", '" + regions[i % 4] + "', 'customer " + i + "')");
            }
            for (int i = 1; i <= 120; i++) {
                int month = 1 + i % 12;
                s.execute("INSERT IGNORE INTO events (id, created_at, kind) VALUES (" + i + ", '2025-" + (month < 10 ? "0" : "") + month
                        + "-" + (1 + i % 28 < 10 ? "0" : "") + (1 + i % 28) + " 12:00:00', 'click')");
            }
        }
    }
}
