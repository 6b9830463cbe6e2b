package io.shardgate.bench.heap;

import java.util.Arrays;

/**
 * The benchmark's rows, defined by formulas of the id that SQL (MariaDB's sequence engine) and Java both
 * evaluate. The backends generate the rows without any client round trip, and the reader knows the exact
 * expected order of every query without storing a row: it sorts packed {@code (key, id)} longs.
 *
 * <ul>
 *   <li>{@code id} 1..rows, the shard key (hash-mod: physical table {@code id % shards});</li>
 *   <li>{@code amount} DECIMAL(10,2) = ((id * 7919) mod 100003) / 100: about ten rows per amount, so the
 *       {@code id} tie-break is exercised;</li>
 *   <li>{@code name} VARCHAR = {@code customer-NNNNNN@example.org} with NNNNNN = (id * 104729) mod 999983,
 *       zero-padded: fixed width and lower-case ASCII, so its collation order (utf8mb4_general_ci) is the
 *       numeric order of NNNNNN.</li>
 * </ul>
 */
final class DataSet {

    /** Bits of the id in a packed sort key; allows up to 16M rows. */
    static final int ID_BITS = 24;
    static final long MAX_ROWS = (1L << ID_BITS) - 1;

    private static final long AMOUNT_FACTOR = 7919;
    private static final long AMOUNT_MODULUS = 100_003;
    private static final long NAME_FACTOR = 104_729;
    private static final long NAME_MODULUS = 999_983;
    private static final String NAME_PREFIX = "customer-";
    private static final String NAME_SUFFIX = "@example.org";

    private final long rows;

    DataSet(long rows) {
        if (rows < 1 || rows > MAX_ROWS) {
            throw new IllegalArgumentException("rows must be within 1.." + MAX_ROWS + ", was " + rows);
        }
        this.rows = rows;
    }

    long rows() {
        return rows;
    }

    static long amountCents(long id) {
        return id * AMOUNT_FACTOR % AMOUNT_MODULUS;
    }

    static long nameNumber(long id) {
        return id * NAME_FACTOR % NAME_MODULUS;
    }

    static String name(long id) {
        String digits = Long.toString(nameNumber(id));
        return NAME_PREFIX + "0".repeat(6 - digits.length()) + digits + NAME_SUFFIX;
    }

    // ---------------------------------------------------------------- SQL

    static String createTable(String table) {
        return "CREATE TABLE " + table + " (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64) NOT NULL,"
                + " amount DECIMAL(10,2) NOT NULL) ENGINE=InnoDB";
    }

    /** Fills {@code table} with the rows whose id mod {@code modulus} is {@code remainder} (all rows if 1). */
    String insertSelect(String table, int modulus, int remainder) {
        return "INSERT INTO " + table + " SELECT seq,"
                + " CONCAT('" + NAME_PREFIX + "', LPAD(seq * " + NAME_FACTOR + " % " + NAME_MODULUS + ", 6, '0'), '"
                + NAME_SUFFIX + "'),"
                + " (seq * " + AMOUNT_FACTOR + " % " + AMOUNT_MODULUS + ") / 100"
                + " FROM seq_1_to_" + rows
                + (modulus > 1 ? " WHERE seq % " + modulus + " = " + remainder : "");
    }

    // ---------------------------------------------------------------- expected orders

    /** Which column the query sorts by (then by id). */
    enum SortKey {
        AMOUNT, NAME
    }

    /** Every id in the order of {@code ORDER BY <key>, id}. */
    int[] orderedIds(SortKey key) {
        long[] packed = new long[Math.toIntExact(rows)];
        for (int i = 0; i < packed.length; i++) {
            long id = i + 1L;
            long value = key == SortKey.AMOUNT ? amountCents(id) : nameNumber(id);
            packed[i] = value << ID_BITS | id;
        }
        Arrays.sort(packed);
        int[] ids = new int[packed.length];
        long mask = (1L << ID_BITS) - 1;
        for (int i = 0; i < packed.length; i++) {
            ids[i] = (int) (packed[i] & mask);
        }
        return ids;
    }
}
