package io.shardgate.proxy.digest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * Statement digests, as ProxySQL's {@code stats_mysql_query_digest}: per (schema, normalized shape), how often it
 * ran, failed, how many rows it sent and how long it took. The shape is the plan cache's key: literals replaced by
 * {@code ?}, so the table never holds a value a client sent (a password in a {@code SET PASSWORD} included).
 *
 * <p>Bounded by {@code admin.digest-limit}: when a new shape would pass it, the least recently seen tenth of the
 * table is dropped in one sweep (a sort of the table once per tenth of the limit new shapes, rather than a linked
 * list touched by every statement), so the table never holds more than the limit and a flood of one-off shapes
 * costs a bounded amount of work per statement.
 */
public final class Digests {

    private record Key(String schema, String shape) {
    }

    private final Map<Key, Digest> table = new ConcurrentHashMap<>();
    private final IntSupplier limit;
    private final ReentrantLock sweeping = new ReentrantLock();

    /** @param limit the most shapes kept, read at each new shape (a reload may change it) */
    public Digests(IntSupplier limit) {
        this.limit = limit;
    }

    /**
     * Adds one statement.
     *
     * @param schema the session's schema (null for none)
     * @param rowsSent rows of the result sent to the client (0 for none or unknown)
     */
    public void record(String schema, String shape, long nanos, boolean failed, long rowsSent) {
        long now = System.currentTimeMillis();
        Key key = new Key(schema == null ? "" : schema, shape);
        Digest d = table.get(key);
        if (d == null) {
            d = table.computeIfAbsent(key, k -> new Digest(k.schema(), k.shape(), now));
            int max = limit.getAsInt();
            if (table.size() > max) {
                sweep(max);
            }
        }
        d.record(nanos, failed, rowsSent, now);
    }

    /** Drops the least recently seen entries down to 90% of {@code max}. One sweep at a time; others go on. */
    private void sweep(int max) {
        if (!sweeping.tryLock()) {
            return;
        }
        try {
            int keep = Math.max(1, max - Math.max(1, max / 10));
            int drop = table.size() - keep;
            if (drop <= 0) {
                return;
            }
            List<Map.Entry<Key, Digest>> entries = new ArrayList<>(table.entrySet());
            entries.sort(Comparator.comparingLong(e -> e.getValue().lastSeenMillis()));
            for (int i = 0; i < drop && i < entries.size(); i++) {
                table.remove(entries.get(i).getKey(), entries.get(i).getValue());
            }
        } finally {
            sweeping.unlock();
        }
    }

    /** Every digest, unordered. */
    public List<Digest.Snapshot> snapshot() {
        List<Digest.Snapshot> rows = new ArrayList<>(table.size());
        for (Digest d : table.values()) {
            rows.add(d.snapshot());
        }
        return rows;
    }

    public int size() {
        return table.size();
    }

    /** RESET DIGESTS. */
    public void clear() {
        table.clear();
    }
}
