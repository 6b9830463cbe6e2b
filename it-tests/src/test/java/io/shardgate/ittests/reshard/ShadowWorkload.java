package io.shardgate.ittests.reshard;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

/**
 * Clients that insert, update and delete rows of {@code orders} through the proxy while a reshard runs, each
 * keeping a shadow log of the writes the proxy acknowledged: afterwards the table must hold exactly the rows the
 * logs say, with the notes they say. Client c owns the ids with {@code id % clients == c}, so the logs never
 * disagree about a row. A statement's outcome is only trusted once acknowledged; any error is kept and fails the
 * test.
 */
final class ShadowWorkload implements AutoCloseable {

    interface Connector {
        Connection connect() throws SQLException;
    }

    private final int clients;
    private final Connector connector;
    private final LongUnaryOperator shardKeyOf;
    private final Map<Long, String> expected = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * @param seeded the ids present before the clients start (with note 'seed'), each owned by a client
     * @param shardKeyOf the shard key of a row (seeded or new) from its id
     */
    ShadowWorkload(int clients, Connector connector, List<Long> seeded, LongUnaryOperator shardKeyOf) {
        this.clients = clients;
        this.connector = connector;
        this.shardKeyOf = shardKeyOf;
        seeded.forEach(id -> expected.put(id, "seed"));
    }

    void start(long firstNewId) {
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = Thread.ofPlatform().name("shadow-client-" + c).start(() -> run(client, firstNewId));
            threads.add(t);
        }
    }

    private void run(int client, long firstNewId) {
        Random random = new Random(client);
        List<Long> mine = new ArrayList<>(expected.keySet().stream().filter(id -> id % clients == client).toList());
        long nextId = firstNewId - Math.floorMod(firstNewId, clients) + client + clients;
        int step = 0;
        try (Connection c = connector.connect(); Statement s = c.createStatement()) {
            while (!stop.get()) {
                int op = random.nextInt(10);
                String note = "c" + client + "-" + step++;
                long started = System.nanoTime();
                if (op < 5 || mine.isEmpty()) {
                    long id = nextId;
                    nextId += clients;
                    s.executeUpdate("INSERT INTO orders (id, user_id, note, amount) VALUES (" + id + ", "
                            + shardKeyOf.applyAsLong(id) + ", '" + note + "', " + op + ")");
                    expected.put(id, note);
                    mine.add(id);
                } else if (op < 8) {
                    long id = mine.get(random.nextInt(mine.size()));
                    int n = s.executeUpdate("UPDATE orders SET note = '" + note + "', amount = amount + 1 WHERE id = "
                            + id + " AND user_id = " + shardKeyOf.applyAsLong(id));
                    if (n != 1) {
                        errors.add("client " + client + ": UPDATE of " + id + " changed " + n + " rows");
                    }
                    expected.put(id, note);
                } else {
                    long id = mine.remove(random.nextInt(mine.size()));
                    int n = s.executeUpdate("DELETE FROM orders WHERE id = " + id + " AND user_id = "
                            + shardKeyOf.applyAsLong(id));
                    if (n != 1) {
                        errors.add("client " + client + ": DELETE of " + id + " removed " + n + " rows");
                    }
                    expected.remove(id);
                }
                slowestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
                writes.incrementAndGet();
            }
        } catch (SQLException | RuntimeException e) {
            errors.add("client " + client + ": " + e);
        }
    }

    long writes() {
        return writes.get();
    }

    long slowestMillis() {
        return slowestNanos.get() / 1_000_000;
    }

    List<String> errors() {
        return errors;
    }

    /** id -> note of every row the acknowledged writes leave. */
    Map<Long, String> expected() {
        return new TreeMap<>(expected);
    }

    /** Stops the clients and waits for each to finish its statement. */
    @Override
    public void close() {
        stop.set(true);
        for (Thread t : threads) {
            try {
                t.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
