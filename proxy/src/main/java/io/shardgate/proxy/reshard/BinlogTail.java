package io.shardgate.proxy.reshard;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.XidEventData;
import io.shardgate.config.NodeConfig;
import java.io.IOException;
import java.io.Serializable;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * Follows one source node's binlog from a GTID position and hands each committed transaction's changes to the
 * moving tables, as primary keys per logical table, to the {@link ChangeApplier}. Everything else in the binlog
 * only moves the position forward. The row images themselves are not used: the applier re-reads the rows, so
 * no column type has to be decoded here but the key's.
 */
final class BinlogTail implements AutoCloseable {

    private final String node;
    private final String schema;
    /** Old physical table name (lower case) -> logical table. */
    private final Map<String, String> moving;
    /** Logical table -> its key's position in a row image. */
    private final Map<String, Integer> keyOrdinals;
    private final ChangeApplier applier;
    private final BinaryLogClient client;

    private final Map<Long, String> tables = new HashMap<>();
    private final Map<String, Set<Object>> keys = new HashMap<>();
    private GtidPosition.Gtid current;
    private volatile GtidPosition received;
    private volatile String failure;

    BinlogTail(NodeConfig node, String schema, Map<String, String> moving, Map<String, Integer> keyOrdinals,
               GtidPosition start, ChangeApplier applier) {
        this.node = node.name();
        this.schema = schema;
        this.moving = Map.copyOf(moving);
        this.keyOrdinals = Map.copyOf(keyOrdinals);
        this.applier = applier;
        this.received = start;
        this.client = new BinaryLogClient(node.primary().host(), node.primary().port(), node.user(),
                node.password().reveal());
        // a server id no server of the topology uses; MariaDB refuses a second client with the same one
        client.setServerId(1_000_000_000L + ThreadLocalRandom.current().nextInt(1_000_000_000));
        client.setGtidSet(start.toString());
        client.registerEventListener(this::onEvent);
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
                failure = "reading the binlog of " + BinlogTail.this.node + " failed: " + ex.getMessage();
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception ex) {
                failure = "a binlog event of " + BinlogTail.this.node + " could not be read: " + ex.getMessage();
            }
        });
    }

    void start() {
        try {
            client.connect(10_000);
        } catch (IOException | TimeoutException e) {
            throw new ReshardException("cannot read the binlog of " + node + ": " + e.getMessage(), e);
        }
    }

    String node() {
        return node;
    }

    /** The position of the last transaction read (its changes handed to the applier). */
    GtidPosition received() {
        return received;
    }

    /** Why reading stopped, or null. */
    String failure() {
        return failure;
    }

    private void onEvent(Event event) {
        switch (event.getData()) {
            case MariadbGtidEventData g -> {
                current = new GtidPosition.Gtid(g.getDomainId(), g.getServerId(), g.getSequence());
                keys.clear();
            }
            case TableMapEventData m -> {
                if (m.getDatabase().equalsIgnoreCase(schema)) {
                    String logical = moving.get(m.getTable().toLowerCase(Locale.ROOT));
                    if (logical != null) {
                        tables.put(m.getTableId(), logical);
                    }
                }
            }
            case WriteRowsEventData w -> {
                String t = tables.get(w.getTableId());
                if (t != null) {
                    w.getRows().forEach(r -> key(t, r, w.getIncludedColumns()));
                }
            }
            case UpdateRowsEventData u -> {
                String t = tables.get(u.getTableId());
                if (t != null) {
                    u.getRows().forEach(r -> {
                        key(t, r.getKey(), u.getIncludedColumnsBeforeUpdate());
                        key(t, r.getValue(), u.getIncludedColumns());
                    });
                }
            }
            case DeleteRowsEventData d -> {
                String t = tables.get(d.getTableId());
                if (t != null) {
                    d.getRows().forEach(r -> key(t, r, d.getIncludedColumns()));
                }
            }
            case XidEventData x -> committed();
            case QueryEventData q when !q.getSql().equalsIgnoreCase("BEGIN") -> committed(); // DDL, or COMMIT
            case null, default -> {
            }
        }
    }

    private void key(String table, Serializable[] row, BitSet included) {
        int ordinal = keyOrdinals.get(table);
        if (included != null && !included.get(ordinal)) {
            return; // a minimal image without the key: cannot happen with binlog_row_image=FULL (the default)
        }
        int index = included == null ? ordinal : included.get(0, ordinal).cardinality();
        keys.computeIfAbsent(table, k -> new LinkedHashSet<>()).add(RowMover.keyValue(row[index]));
    }

    private void committed() {
        if (current == null) {
            return;
        }
        if (!keys.isEmpty()) {
            applier.enqueue(this, current, Map.copyOf(keys));
            keys.clear();
        }
        received = received.with(current);
        current = null;
    }

    @Override
    public void close() {
        try {
            client.disconnect();
        } catch (IOException ignored) {
            // stopping: the server drops the dump thread with the connection
        }
    }
}
