package io.shardgate.proxy.reshard;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A MariaDB GTID position ({@code @@gtid_binlog_pos}: the last {@code domain-server-sequence} of each replication
 * domain, comma-separated). "The catch-up reached the primary" compares sequence numbers per domain; the text
 * form is where a binlog client starts again.
 */
record GtidPosition(Map<Long, Gtid> last) {

    /** One transaction's id. */
    record Gtid(long domain, long server, long sequence) {
        @Override
        public String toString() {
            return domain + "-" + server + "-" + sequence;
        }
    }

    static final GtidPosition EMPTY = new GtidPosition(Map.of());

    static GtidPosition parse(String text) {
        Map<Long, Gtid> out = new TreeMap<>();
        if (text != null) {
            for (String part : text.split(",")) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                String[] f = p.split("-");
                if (f.length != 3) {
                    throw new IllegalArgumentException("not a MariaDB GTID: '" + p + "'");
                }
                Gtid g = new Gtid(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
                out.merge(g.domain(), g, (a, b) -> a.sequence() >= b.sequence() ? a : b);
            }
        }
        return new GtidPosition(Map.copyOf(out));
    }

    /** This position with one more transaction. */
    GtidPosition with(Gtid gtid) {
        Map<Long, Gtid> out = new TreeMap<>(last);
        out.merge(gtid.domain(), gtid, (a, b) -> a.sequence() >= b.sequence() ? a : b);
        return new GtidPosition(Map.copyOf(out));
    }

    /** Whether every transaction up to {@code other} is at or before this position. */
    boolean reached(GtidPosition other) {
        for (Gtid g : other.last.values()) {
            Gtid mine = last.get(g.domain());
            if (mine == null || mine.sequence() < g.sequence()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return new TreeMap<>(last).values().stream().map(Gtid::toString).collect(Collectors.joining(","));
    }
}
