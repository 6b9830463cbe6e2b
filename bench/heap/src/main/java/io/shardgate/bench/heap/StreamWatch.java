package io.shardgate.bench.heap;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Runs beside one stream: two daemon threads started by {@link #start()} and stopped by {@link #close()}.
 *
 * <ul>
 *   <li>the <b>prober</b> asks the proxy for a full collection every {@code probeMillis} (0: never), so the
 *       GC log holds exact live-heap samples during the stream and not only young collections, whose
 *       "after" includes old garbage; the call is remote and may hang on a proxy without heap, hence its
 *       own thread;</li>
 *   <li>the <b>watchdog</b> samples the proxy's RSS and the shard statements running on the backends
 *       ({@link ShardReadCounter}) every 250 ms, and ends the read when the proxy died, or
 *       went without a row for {@code stallSeconds}, or logged an OutOfMemoryError and then went 20 s
 *       without a row (a proxy out of heap may neither answer nor close the connection).</li>
 * </ul>
 */
final class StreamWatch implements AutoCloseable {

    private static final long OOM_GRACE_NANOS = 20_000_000_000L;

    private final ProxyProcess proxy;
    private final StreamingReader reader;
    private final long probeMillis;
    private final long stallNanos;
    private final AtomicLong peakRss = new AtomicLong();
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicInteger failedProbes = new AtomicInteger();
    private final AtomicLong peakLive = new AtomicLong(-1);
    private final AtomicInteger maxShardReads = new AtomicInteger(-1);
    private final IntSupplier shardReads;
    private volatile boolean running = true;
    private Thread prober;
    private Thread watchdog;

    StreamWatch(ProxyProcess proxy, StreamingReader reader, long probeMillis, int stallSeconds,
                IntSupplier shardReads) {
        this.proxy = proxy;
        this.shardReads = shardReads;
        this.reader = reader;
        this.probeMillis = probeMillis;
        this.stallNanos = stallSeconds * 1_000_000_000L;
    }

    StreamWatch start() {
        if (probeMillis > 0) {
            prober = Thread.ofPlatform().daemon().name("gc-prober").start(this::probe);
        }
        watchdog = Thread.ofPlatform().daemon().name("stream-watchdog").start(this::watch);
        return this;
    }

    long peakRssBytes() {
        return peakRss.get();
    }

    /** The highest heap in use right after a probe's full collection (the live heap); -1 without probes. */
    long peakLiveBytes() {
        return peakLive.get();
    }

    /** The most shard statements seen running at once on the backends; -1 if never sampled. */
    int maxShardReads() {
        return maxShardReads.get();
    }

    /** Full collections requested (answered or not). */
    int probes() {
        return probes.get();
    }

    int failedProbes() {
        return failedProbes.get();
    }

    private void probe() {
        while (running) {
            sleepQuietly(probeMillis);
            if (!running || !proxy.isAlive()) {
                return;
            }
            probes.incrementAndGet();
            try {
                long live = proxy.fullGc();
                peakLive.accumulateAndGet(live, Math::max);
            } catch (RuntimeException e) {
                // an OutOfMemoryError in the proxy answers as an exception here: counted, the log tells the rest
                failedProbes.incrementAndGet();
            }
        }
    }

    private void watch() {
        long lastRows = -1;
        long lastProgress = System.nanoTime();
        long oomSince = 0;
        while (running) {
            peakRss.accumulateAndGet(proxy.rssBytes(), Math::max);
            maxShardReads.accumulateAndGet(shardReads.getAsInt(), Math::max);
            long now = System.nanoTime();
            long rows = reader.rowsRead();
            if (rows != lastRows) {
                lastRows = rows;
                lastProgress = now;
            }
            if (!proxy.isAlive()) {
                reader.abort("the proxy process exited");
                return;
            }
            if (oomSince == 0 && proxy.outOfMemory()) {
                oomSince = now;
            }
            if (oomSince != 0 && now - oomSince > OOM_GRACE_NANOS && now - lastProgress > OOM_GRACE_NANOS) {
                reader.abort("the proxy logged an OutOfMemoryError and sent no row for 20 s");
                return;
            }
            if (now - lastProgress > stallNanos) {
                reader.abort("no row for " + stallNanos / 1_000_000_000L + " s");
                return;
            }
            sleepQuietly(250);
        }
    }

    private void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : new Thread[] {prober, watchdog}) {
            if (t != null) {
                t.interrupt();
            }
        }
        try {
            if (watchdog != null) {
                watchdog.join(5_000);
            }
            if (prober != null) {
                prober.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
