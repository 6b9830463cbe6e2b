package io.shardgate.proxy.execute.scatter;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An event loop the test thread runs by hand: tasks from any thread queue up and run when the test calls
 * {@link #runPending()} or {@link #runUntil}, so loop-side code runs on one thread, as on Netty.
 */
final class TestLoop implements Executor {

    /** A hang guard, not a timing assertion: a correct test finishes in milliseconds. */
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    void runPending() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    /** Runs tasks as they come until {@code done} holds. */
    void runUntil(BooleanSupplier done) {
        long deadline = System.nanoTime() + GIVE_UP_NANOS;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting: the code under test hangs");
            }
            try {
                Runnable task = tasks.poll(10, TimeUnit.MILLISECONDS);
                if (task != null) {
                    task.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        runPending();
    }
}
