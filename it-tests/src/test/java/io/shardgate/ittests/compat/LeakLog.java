package io.shardgate.ittests.compat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What Netty's leak detector logs while a test runs. The detector only reports a leaked buffer after the
 * garbage collector has found it unreachable, and only when a later buffer is allocated, so
 * {@link #reportsAfterGc} collects garbage, then allocates, a few times over.
 */
final class LeakLog {

    /** Netty logs leaks under this logger, at ERROR, with messages starting "LEAK:". */
    private static final String DETECTOR = "io.netty.util.ResourceLeakDetector";

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LeakLog(Logger logger) {
        this.logger = logger;
    }

    static LeakLog attach() {
        LeakLog log = new LeakLog((Logger) LoggerFactory.getLogger(DETECTOR));
        log.appender.start();
        log.logger.addAppender(log.appender);
        log.logger.setAdditive(false); // reports (the canary's included) go to the test, not the console
        return log;
    }

    /**
     * Runs {@code work} (which should allocate, e.g. run queries) between collections; returns the leak
     * reports, less the one of a buffer leaked here on purpose, which must be among them: it proves the
     * detector runs and its reports reach this log.
     */
    List<String> reportsAfterGc(Work work) throws Exception {
        leakCanary();
        for (int round = 0; round < 5; round++) {
            System.gc();
            Thread.sleep(200);
            for (int i = 0; i < 100; i++) {
                PooledByteBufAllocator.DEFAULT.buffer(16).release();
            }
            work.run();
        }
        List<String> reports;
        synchronized (appender) {
            reports = appender.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("LEAK:"))
                    .toList();
        }
        if (reports.stream().noneMatch(r -> r.contains("leakCanary"))) {
            throw new AssertionError("Netty's leak detector did not report a buffer leaked on purpose: is it on "
                    + "(-Dio.netty.leakDetection.level=paranoid) and logging to " + DETECTOR + "?");
        }
        return reports.stream().filter(r -> !r.contains("leakCanary")).toList();
    }

    /** Allocates a buffer and drops it unreleased. */
    private static void leakCanary() {
        PooledByteBufAllocator.DEFAULT.buffer(8).writeLong(0xCA4A41L);
    }

    void detach() {
        logger.detachAppender(appender);
        logger.setAdditive(true);
        appender.stop();
    }
}
