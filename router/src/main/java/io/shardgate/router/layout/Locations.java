package io.shardgate.router.layout;

import io.shardgate.router.topology.ShardLocation;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** How layout messages name physical tables: {@code orders_0003 on ds1}. */
public final class Locations {

    private Locations() {
    }

    public static String describe(ShardLocation location) {
        return location.physicalTable() + " on " + location.node();
    }

    /** Up to three named one by one; more as a count, the first and last name, and the nodes. */
    public static String summary(Collection<ShardLocation> locations) {
        List<ShardLocation> list = List.copyOf(locations);
        if (list.size() <= 3) {
            StringBuilder s = new StringBuilder();
            for (ShardLocation l : list) {
                s.append(s.isEmpty() ? "" : ", ").append(describe(l));
            }
            return s.toString();
        }
        Set<String> nodes = new LinkedHashSet<>();
        list.forEach(l -> nodes.add(l.node()));
        return list.size() + " physical tables (" + list.get(0).physicalTable() + " .. "
                + list.get(list.size() - 1).physicalTable() + ") on " + String.join(", ", nodes);
    }
}
