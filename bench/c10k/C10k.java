import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A MySQL load client for many connections with few threads (JDK only, run with {@code java C10k.java}): each
 * selector thread owns a share of the connections and drives them as state machines (handshake,
 * mysql_native_password login, then COM_QUERY point selects in a closed loop). Written by hand so that 10,000
 * connections cost 10,000 sockets and a few KiB each, not 10,000 threads.
 *
 * <p>Phases: open every connection (at most {@code connectBatch} logins in flight per thread), print
 * {@code OPENED}, wait until the file {@code goFile} exists (the driving script measures the idle proxy
 * meanwhile), then {@code warmup} seconds of queries not recorded, {@code seconds} recorded, and a drain of
 * the queries still in flight. One line {@code RESULT key=value ...} sums it up. Settings are system
 * properties ({@code -Dclients=10000}); see {@link #main}.
 *
 * <p>The client does not negotiate CLIENT_DEPRECATE_EOF, so a result set is: column count, column
 * definitions, EOF, rows, EOF (or ERR anywhere).
 */
public final class C10k {

    static final int CLIENT_LONG_PASSWORD = 1, CLIENT_LONG_FLAG = 4, CLIENT_CONNECT_WITH_DB = 8,
            CLIENT_PROTOCOL_41 = 0x200, CLIENT_TRANSACTIONS = 0x2000, CLIENT_SECURE_CONNECTION = 0x8000,
            CLIENT_PLUGIN_AUTH = 0x80000;

    // settings
    static final String HOST = System.getProperty("host", "127.0.0.1");
    static final int PORT = Integer.getInteger("port", 3307);
    static final String USER = System.getProperty("user", "app");
    static final String PASSWORD = System.getProperty("password", "app");
    static final String DB = System.getProperty("db", "sbtest");
    static final int CLIENTS = Integer.getInteger("clients", 10_000);
    static final int THREADS = Integer.getInteger("threads", 1);
    static final int CONNECT_BATCH = Integer.getInteger("connectBatch", 200);
    /** Source addresses 127.0.0.2 .. 127.0.0.(1+n): each gives its own ephemeral port range on loopback. */
    static final int SOURCES = Integer.getInteger("sources", 4);
    static final int SECONDS = Integer.getInteger("seconds", 30);
    static final int WARMUP = Integer.getInteger("warmup", 5);
    static final int TABLE_SIZE = Integer.getInteger("tableSize", 100_000);
    static final String QUERY = System.getProperty("query", "SELECT c FROM sbtest1 WHERE id=");
    static final String GO_FILE = System.getProperty("goFile", "");
    static final int OPEN_TIMEOUT = Integer.getInteger("openTimeout", 300);
    /**
     * Pause between an answer and the connection's next query, 0.5-1.5 × this many ms (0 = closed loop: send at
     * once). A pause makes the offered load clients / pause instead of "as much as the proxy takes", so latency
     * is the proxy's, not the pool's queue.
     */
    static final int THINK_MS = Integer.getInteger("thinkMs", 0);

    enum Phase { OPEN, HOLD, LOAD, DRAIN }

    static volatile Phase phase = Phase.OPEN;
    static volatile long recordFrom, recordUntil;
    static final AtomicLong opened = new AtomicLong(), openFailed = new AtomicLong(), errors = new AtomicLong(),
            closed = new AtomicLong(), completed = new AtomicLong(), answered = new AtomicLong();
    static final Queue<String> errorSamples = new ConcurrentLinkedQueue<>();

    public static void main(String[] args) throws Exception {
        List<Worker> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(new Worker(t));
        }
        for (int i = 0; i < CLIENTS; i++) {
            workers.get(i % THREADS).pending.add(i);
        }
        long start = System.nanoTime();
        workers.forEach(w -> w.thread.start());
        long deadline = start + OPEN_TIMEOUT * 1_000_000_000L;
        while (opened.get() + openFailed.get() < CLIENTS && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        double openSeconds = (System.nanoTime() - start) / 1e9;
        phase = Phase.HOLD;
        System.out.printf("OPENED ok=%d failed=%d seconds=%.2f%n", opened.get(), openFailed.get(), openSeconds);
        System.out.flush();
        if (!GO_FILE.isEmpty()) {
            while (!Files.exists(Path.of(GO_FILE))) {
                Thread.sleep(100);
            }
        }
        long now = System.nanoTime();
        recordFrom = now + WARMUP * 1_000_000_000L;
        recordUntil = recordFrom + SECONDS * 1_000_000_000L;
        phase = Phase.LOAD;
        workers.forEach(w -> w.selector.wakeup());
        long last = answered.get();
        while (System.nanoTime() < recordUntil) {
            Thread.sleep(1000);
            long c = answered.get();
            System.err.printf("%s qps=%d errors=%d closed=%d%n",
                    System.nanoTime() < recordFrom ? "warmup" : "load", c - last, errors.get(), closed.get());
            last = c;
        }
        phase = Phase.DRAIN;
        for (Worker w : workers) {
            w.selector.wakeup();
            w.thread.join(15_000);
        }
        long[] all = workers.stream().flatMapToLong(w -> Arrays.stream(w.latencies, 0, w.count)).sorted().toArray();
        long stillOpen = workers.stream().mapToLong(w -> w.open).sum();
        double qps = all.length / (double) SECONDS;
        System.out.printf("RESULT clients=%d opened=%d open_failed=%d open_s=%.2f queries=%d qps=%.0f p50_ms=%.2f "
                        + "p99_ms=%.2f max_ms=%.2f errors=%d closed=%d still_open=%d answered_all=%d%n",
                CLIENTS, opened.get(), openFailed.get(), openSeconds, all.length, qps, pct(all, 0.50),
                pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6, errors.get(), closed.get(),
                stillOpen, answered.get());
        errorSamples.stream().limit(5).forEach(e -> System.out.println("ERROR " + e));
        System.exit(0);
    }

    static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }

    static void error(String what) {
        if (errorSamples.size() < 20) {
            errorSamples.add(what);
        }
    }

    /** One selector thread and its connections. */
    static final class Worker implements Runnable {
        final Thread thread;
        final Selector selector;
        final Queue<Integer> pending = new ArrayDeque<>();
        final List<Conn> conns = new ArrayList<>();
        /** Connections pausing between queries (thinkMs), by when they send next. */
        final PriorityQueue<Conn> pausing = new PriorityQueue<>((a, b) -> Long.compare(a.dueAt, b.dueAt));
        long[] latencies = new long[1 << 16];
        int count;
        int connecting;
        long open;
        boolean loadStarted;

        Worker(int index) throws IOException {
            selector = Selector.open();
            thread = new Thread(this, "c10k-" + index);
        }

        @Override
        public void run() {
            try {
                loop();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }

        void loop() throws IOException {
            while (true) {
                while (phase == Phase.OPEN && connecting < CONNECT_BATCH && !pending.isEmpty()) {
                    connect(pending.poll());
                }
                if (phase == Phase.LOAD && !loadStarted) {
                    loadStarted = true;
                    for (Conn c : conns) {
                        if (c.state == State.IDLE) {
                            if (THINK_MS > 0) { // spread the first queries over one pause
                                c.dueAt = System.nanoTime() + ThreadLocalRandom.current().nextLong(THINK_MS * 1_000_000L);
                                pausing.add(c);
                            } else {
                                c.query();
                            }
                        }
                    }
                }
                long now = System.nanoTime();
                while (!pausing.isEmpty() && pausing.peek().dueAt <= now) {
                    Conn c = pausing.poll();
                    if (c.state == State.IDLE) {
                        c.query();
                    }
                }
                if (phase == Phase.DRAIN && conns.stream().noneMatch(c -> c.state == State.QUERY)) {
                    return;
                }
                long wait = pausing.isEmpty() ? 100
                        : Math.max(1, Math.min(100, (pausing.peek().dueAt - System.nanoTime()) / 1_000_000));
                selector.select(wait);
                var it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    Conn c = (Conn) key.attachment();
                    try {
                        if (key.isValid() && key.isConnectable()) {
                            c.ch.finishConnect();
                            key.interestOps(SelectionKey.OP_READ);
                        }
                        if (key.isValid() && key.isWritable()) {
                            c.flush();
                        }
                        if (key.isValid() && key.isReadable()) {
                            c.read();
                        }
                    } catch (IOException | RuntimeException e) {
                        c.fail("i/o: " + e);
                    }
                }
            }
        }

        void connect(int index) throws IOException {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            if (SOURCES > 0) {
                ch.bind(new InetSocketAddress("127.0.0." + (2 + index % SOURCES), 0));
            }
            Conn c = new Conn(this, ch);
            conns.add(c);
            connecting++;
            c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
            if (ch.connect(new InetSocketAddress(HOST, PORT))) {
                c.key.interestOps(SelectionKey.OP_READ);
            }
        }

        void record(long nanos, long sentAt) {
            if (sentAt < recordFrom || sentAt >= recordUntil) {
                return;
            }
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }
    }

    enum State { GREETING, AUTH, IDLE, QUERY, DEAD }

    /** One client connection: a state machine driven by its worker's selector. */
    static final class Conn {
        final Worker worker;
        final SocketChannel ch;
        SelectionKey key;
        State state = State.GREETING;
        ByteBuffer in = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out;
        byte seq;
        // result-set parsing: 0 = header expected, 1 = column definitions, 2 = rows
        int resultPart;
        long columnsLeft;
        long sentAt;
        long dueAt;

        Conn(Worker worker, SocketChannel ch) {
            this.worker = worker;
            this.ch = ch;
        }

        void read() throws IOException {
            int n = ch.read(in);
            if (n < 0) {
                fail("closed by the server in state " + state);
                return;
            }
            in.flip();
            while (state != State.DEAD && in.remaining() >= 4) {
                int len = (in.get(in.position()) & 0xFF) | (in.get(in.position() + 1) & 0xFF) << 8
                        | (in.get(in.position() + 2) & 0xFF) << 16;
                if (in.remaining() < 4 + len) {
                    if (in.capacity() < 4 + len) {
                        ByteBuffer bigger = ByteBuffer.allocate(4 + len).order(ByteOrder.LITTLE_ENDIAN);
                        bigger.put(in);
                        in = bigger;
                        return;
                    }
                    break;
                }
                seq = in.get(in.position() + 3);
                byte[] payload = new byte[len];
                in.position(in.position() + 4);
                in.get(payload);
                packet(payload);
            }
            if (state != State.DEAD) {
                in.compact();
            }
        }

        void packet(byte[] p) throws IOException {
            switch (state) {
                case GREETING -> greeting(p);
                case AUTH -> auth(p);
                case QUERY -> result(p);
                default -> fail("unexpected packet in state " + state);
            }
        }

        void greeting(byte[] p) throws IOException {
            if ((p[0] & 0xFF) == 0xFF) {
                fail("refused: " + errText(p));
                return;
            }
            int pos = 1;
            while (p[pos] != 0) {
                pos++;
            }
            pos += 1 + 4; // NUL, connection id
            byte[] seed = new byte[20];
            System.arraycopy(p, pos, seed, 0, 8);
            pos += 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10; // part 1, filler, caps, charset, status, caps, len, reserved
            System.arraycopy(p, pos, seed, 8, 12);
            byte[] user = USER.getBytes(StandardCharsets.UTF_8);
            byte[] db = DB.getBytes(StandardCharsets.UTF_8);
            byte[] plugin = "mysql_native_password".getBytes(StandardCharsets.US_ASCII);
            byte[] auth = scramble(seed);
            ByteBuffer b = ByteBuffer.allocate(4 + 32 + user.length + 1 + 1 + auth.length + db.length + 1
                    + plugin.length + 1).order(ByteOrder.LITTLE_ENDIAN);
            b.position(4);
            b.putInt(CLIENT_LONG_PASSWORD | CLIENT_LONG_FLAG | CLIENT_CONNECT_WITH_DB | CLIENT_PROTOCOL_41
                    | CLIENT_TRANSACTIONS | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH);
            b.putInt(1 << 24);
            b.put((byte) 45); // utf8mb4_general_ci
            b.put(new byte[23]);
            b.put(user).put((byte) 0);
            b.put((byte) auth.length).put(auth);
            b.put(db).put((byte) 0);
            b.put(plugin).put((byte) 0);
            state = State.AUTH;
            send(b, seq + 1);
        }

        void auth(byte[] p) throws IOException {
            int head = p[0] & 0xFF;
            if (head == 0x00) {
                state = State.IDLE;
                worker.connecting--;
                worker.open++;
                opened.incrementAndGet();
                if (phase == Phase.LOAD && worker.loadStarted) {
                    query();
                }
            } else if (head == 0xFE) { // auth switch: plugin name NUL, then the new seed
                int pos = 1;
                while (p[pos] != 0) {
                    pos++;
                }
                byte[] seed = Arrays.copyOfRange(p, pos + 1, pos + 21);
                byte[] auth = scramble(seed);
                ByteBuffer b = ByteBuffer.allocate(4 + auth.length);
                b.position(4);
                b.put(auth);
                send(b, seq + 1);
            } else {
                fail("login failed: " + (head == 0xFF ? errText(p) : "packet 0x" + Integer.toHexString(head)));
            }
        }

        void query() throws IOException {
            if (phase != Phase.LOAD) {
                state = State.IDLE;
                return;
            }
            byte[] sql = (QUERY + (1 + ThreadLocalRandom.current().nextInt(TABLE_SIZE)))
                    .getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(4 + 1 + sql.length);
            b.position(4);
            b.put((byte) 3).put(sql);
            state = State.QUERY;
            resultPart = 0;
            sentAt = System.nanoTime();
            send(b, 0);
        }

        void result(byte[] p) throws IOException {
            int head = p[0] & 0xFF;
            if (head == 0xFF) {
                errors.incrementAndGet();
                error(errText(p));
                done();
                return;
            }
            boolean eof = head == 0xFE && p.length < 9;
            switch (resultPart) {
                case 0 -> {
                    if (head == 0x00) {
                        done();
                    } else {
                        columnsLeft = head; // point selects have fewer than 251 columns
                        resultPart = 1;
                    }
                }
                case 1 -> {
                    if (columnsLeft > 0) {
                        columnsLeft--;
                    } else if (eof) {
                        resultPart = 2;
                    } else {
                        fail("no EOF after the column definitions");
                    }
                }
                default -> {
                    if (eof) {
                        done();
                    }
                }
            }
        }

        void done() throws IOException {
            long now = System.nanoTime();
            answered.incrementAndGet();
            worker.record(now - sentAt, sentAt);
            if (sentAt >= recordFrom && sentAt < recordUntil) {
                completed.incrementAndGet();
            }
            if (THINK_MS > 0 && phase == Phase.LOAD) {
                state = State.IDLE;
                dueAt = now + (long) (THINK_MS * 1_000_000L * (0.5 + ThreadLocalRandom.current().nextDouble()));
                worker.pausing.add(this);
                return;
            }
            query();
        }

        void send(ByteBuffer b, int sequence) throws IOException {
            int len = b.position() - 4;
            b.put(0, (byte) len).put(1, (byte) (len >> 8)).put(2, (byte) (len >> 16)).put(3, (byte) sequence);
            b.flip();
            out = b;
            flush();
        }

        void flush() throws IOException {
            ch.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        void fail(String why) {
            if (state == State.DEAD) {
                return;
            }
            if (state == State.GREETING || state == State.AUTH) {
                worker.connecting--;
                openFailed.incrementAndGet();
            } else {
                worker.open--;
                closed.incrementAndGet();
                if (state == State.QUERY) {
                    errors.incrementAndGet();
                }
            }
            error(why);
            state = State.DEAD;
            key.cancel();
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a broken socket: nothing left to do
            }
        }

        static String errText(byte[] p) {
            int code = (p[1] & 0xFF) | (p[2] & 0xFF) << 8;
            int from = p.length > 3 && p[3] == '#' ? 9 : 3;
            return code + " " + new String(p, from, p.length - from, StandardCharsets.UTF_8);
        }
    }

    /** mysql_native_password: SHA1(password) XOR SHA1(seed + SHA1(SHA1(password))). */
    static byte[] scramble(byte[] seed) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] h1 = sha1.digest(PASSWORD.getBytes(StandardCharsets.UTF_8));
            byte[] h2 = sha1.digest(h1);
            sha1.update(seed);
            byte[] h3 = sha1.digest(h2);
            for (int i = 0; i < h1.length; i++) {
                h1[i] ^= h3[i];
            }
            return h1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
