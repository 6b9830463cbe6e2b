package io.shardgate.proxy.lookup;

import io.shardgate.router.strategy.LookupStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The lookup strategy's key -> shard directory in a MySQL/MariaDB table:
 *
 * <pre>
 * CREATE TABLE IF NOT EXISTS &lt;table&gt; (k VARCHAR(255) PRIMARY KEY, shard INT NOT NULL)
 * </pre>
 *
 * created on first use. The key column keeps the database's default collation on purpose: it then equates
 * keys the way the application's own (equally default) columns do, beyond the lower-casing the router
 * already applies.
 *
 * <p>{@link #assign} is {@code INSERT IGNORE} then {@code SELECT}, each in autocommit: the primary key makes
 * the first insert win, a racing insert from another proxy is ignored (after waiting on the winner's row
 * lock), and the SELECT returns the winner's shard to both.
 *
 * <p><b>Threads:</b> every call blocks on JDBC. Never call it on a Netty event loop; the proxy calls it from
 * virtual threads. Thread-safe.
 */
public final class JdbcLookupStore implements LookupStore {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_$]{1,64}");

    private final DataSource dataSource;
    private final String table;
    private final String description;
    private final String findSql;
    private final String insertSql;
    private final ReentrantLock createLock = new ReentrantLock();
    private volatile boolean tableReady;

    /**
     * @param dataSource connections to the locator node's schema; the store does not close it
     * @param table the locator table's name (letters, digits, {@code _}, {@code $})
     * @param description for error messages, e.g. {@code "ds0/profiles_locator"}
     */
    public JdbcLookupStore(DataSource dataSource, String table, String description) {
        if (!IDENTIFIER.matcher(table).matches()) {
            throw new IllegalArgumentException("lookup table name '" + table + "' must be 1-64 letters, digits, _ or $");
        }
        this.dataSource = dataSource;
        this.table = table;
        this.description = description;
        this.findSql = "SELECT shard FROM `" + table + "` WHERE k = ?";
        this.insertSql = "INSERT IGNORE INTO `" + table + "` (k, shard) VALUES (?, ?)";
    }

    @Override
    public OptionalInt find(String key) {
        ensureTable();
        try (Connection c = dataSource.getConnection()) {
            return select(c, key);
        } catch (SQLException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public int assign(String key, int proposedShard) {
        ensureTable();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement insert = c.prepareStatement(insertSql)) {
                insert.setString(1, key);
                insert.setInt(2, proposedShard);
                insert.executeUpdate();
            }
            OptionalInt recorded = select(c, key);
            if (recorded.isEmpty()) {
                // only possible if someone deleted the row between our two statements
                throw new SQLException("key vanished right after INSERT IGNORE");
            }
            return recorded.getAsInt();
        } catch (SQLException e) {
            throw failure("record", key, e);
        }
    }

    private OptionalInt select(Connection c, String key) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(findSql)) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    /** Creates the table once; a failure is retried by the next call rather than remembered. */
    private void ensureTable() {
        if (tableReady) {
            return;
        }
        createLock.lock();
        try {
            if (tableReady) {
                return;
            }
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS `" + table
                        + "` (k VARCHAR(255) NOT NULL PRIMARY KEY, shard INT NOT NULL)");
            }
            tableReady = true;
        } catch (SQLException e) {
            throw new LookupStoreException("cannot create lookup table " + description + ": " + e.getMessage(), e);
        } finally {
            createLock.unlock();
        }
    }

    private LookupStoreException failure(String action, String key, SQLException e) {
        return new LookupStoreException("cannot " + action + " key '" + key + "' in lookup table " + description
                + ": " + e.getMessage(), e);
    }
}
