package io.shardgate.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a cluster's per-server steps (copy, start, stop) at the same time, on virtual threads:
 * they mostly wait for disks and child processes, so even 2 cores gain from overlapping them.
 */
final class Parallel {

    private Parallel() {
    }

    /** Runs every task, waits for all, then throws the first failure with the others suppressed. */
    static void runAll(List<Runnable> tasks) {
        if (tasks.size() == 1) {
            tasks.get(0).run();
            return;
        }
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Runnable task : tasks) {
                futures.add(executor.submit(task));
            }
        }
        RuntimeException failure = null;
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException runtime
                        ? runtime
                        : new HarnessException(e.getCause().toString(), e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HarnessException("interrupted", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
