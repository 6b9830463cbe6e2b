package io.shardgate.proxy.admin;

import io.shardgate.router.sql.Normalizer;
import io.shardgate.router.sql.SqlMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Statement shapes an administrator refused ({@code ADD BLACKLIST '<sql>'}): a statement whose normalized shape is
 * listed gets ERR 1148 instead of running, whatever its literals. Kept in memory, so a restart clears it. Checked
 * on every statement, so the common case, an empty list, is one volatile read.
 */
public final class Blacklist {

    private final Set<String> shapes = ConcurrentHashMap.newKeySet();
    private volatile boolean empty = true;

    /** The shape a statement text has, as the statement path computes it (default sql_mode). */
    public static String shapeOf(String sql) {
        return Normalizer.normalize(sql, SqlMode.DEFAULT).shape();
    }

    /** True when statements of {@code shape} are refused. */
    public boolean blocks(String shape) {
        return !empty && shapes.contains(shape);
    }

    /** @return false when the shape was listed already */
    public boolean add(String sql) {
        boolean added = shapes.add(shapeOf(sql));
        empty = shapes.isEmpty();
        return added;
    }

    /** @return false when the shape was not listed */
    public boolean remove(String sql) {
        boolean removed = shapes.remove(shapeOf(sql));
        empty = shapes.isEmpty();
        return removed;
    }

    /** Lists a shape as it is (already normalized, e.g. by another instance of the fleet). */
    public void addShape(String shape) {
        shapes.add(shape);
        empty = shapes.isEmpty();
    }

    public void removeShape(String shape) {
        shapes.remove(shape);
        empty = shapes.isEmpty();
    }

    /** The listed shapes, sorted. */
    public List<String> shapes() {
        List<String> all = new ArrayList<>(shapes);
        all.sort(null);
        return all;
    }
}
