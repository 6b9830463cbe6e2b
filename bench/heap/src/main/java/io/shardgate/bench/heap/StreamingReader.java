package io.shardgate.bench.heap;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one query with Connector/J's row streaming ({@code fetchSize = Integer.MIN_VALUE}, no cursor fetch),
 * so the <em>client</em> holds one row at a time and any buffering seen is the server's (here: the proxy's).
 * While reading it checks every row against the expected order: the id at each position, and the name and
 * amount the data set's formulas give that id. A wrong row is recorded (the first one) and reading goes on,
 * so the run still measures the whole stream.
 *
 * <p>{@link #rowsRead()} and {@link #abort(String)} are for a watchdog thread: a proxy that ran out of
 * heap may neither answer nor close the connection.
 */
final class StreamingReader {

    /** How a stream ended. {@code failure} is empty when every row came and matched. */
    record Outcome(long rows, long expectedRows, long firstRowNanos, long totalNanos, String failure) {
        boolean ok() {
            return failure.isEmpty();
        }

        double rowsPerSecond() {
            return totalNanos == 0 ? 0 : rows * 1e9 / totalNanos;
        }
    }

    private final String url;
    private final String user;
    private final String password;
    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicReference<Connection> open = new AtomicReference<>();
    private final AtomicReference<String> abortReason = new AtomicReference<>();

    StreamingReader(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Connector/J URL options for row streaming; the socket timeout bounds a hung read. */
    static String streamingOptions(int socketTimeoutSeconds) {
        return "sslMode=DISABLED&allowPublicKeyRetrieval=true&useCursorFetch=false&connectTimeout=10000"
                + "&socketTimeout=" + socketTimeoutSeconds * 1000L;
    }

    long rowsRead() {
        return rowsRead.get();
    }

    /** Closes the socket under a running read; the read fails and the outcome names {@code reason}. */
    void abort(String reason) {
        abortReason.compareAndSet(null, reason);
        Connection c = open.get();
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException e) {
                // the read ends anyway when the socket timeout fires
            }
        }
    }

    Outcome read(QueryCase query, String table, int[] orderedIds, long totalRows) {
        long expected = query.expectedRows(totalRows);
        long started = System.nanoTime();
        long firstRow = 0;
        long rows = 0;
        String wrong = "";
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            open.set(c);
            try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                s.setFetchSize(Integer.MIN_VALUE);
                try (ResultSet rs = s.executeQuery(query.sql(table))) {
                    while (rs.next()) {
                        if (rows == 0) {
                            firstRow = System.nanoTime() - started;
                        }
                        if (wrong.isEmpty()) {
                            wrong = check(rs, rows, query.offset() + rows, orderedIds);
                        }
                        rows++;
                        if ((rows & 1023) == 0) {
                            rowsRead.set(rows);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            String reason = abortReason.get();
            return new Outcome(rows, expected, firstRow, System.nanoTime() - started,
                    (reason != null ? reason + "; " : "") + "after " + rows + " rows: " + e.getMessage());
        } finally {
            open.set(null);
            rowsRead.set(rows);
        }
        long total = System.nanoTime() - started;
        if (!wrong.isEmpty()) {
            return new Outcome(rows, expected, firstRow, total, wrong);
        }
        if (rows != expected) {
            return new Outcome(rows, expected, firstRow, total, "got " + rows + " rows, expected " + expected);
        }
        return new Outcome(rows, expected, firstRow, total, "");
    }

    /** Empty when the row at result position {@code row} (global position {@code position}) is right. */
    private static String check(ResultSet rs, long row, long position, int[] orderedIds) throws SQLException {
        long id = rs.getLong(1);
        if (position >= orderedIds.length) {
            return "row " + row + " (id " + id + ") is past the last expected row";
        }
        long want = orderedIds[(int) position];
        if (id != want) {
            return "order wrong at row " + row + ": id " + id + ", expected " + want;
        }
        String name = rs.getString(2);
        if (!DataSet.name(id).equals(name)) {
            return "row " + row + " id " + id + ": name '" + name + "', expected '" + DataSet.name(id) + "'";
        }
        BigDecimal amount = rs.getBigDecimal(3);
        if (amount.movePointRight(2).longValue() != DataSet.amountCents(id)) {
            return "row " + row + " id " + id + ": amount " + amount + ", expected cents " + DataSet.amountCents(id);
        }
        return "";
    }
}
