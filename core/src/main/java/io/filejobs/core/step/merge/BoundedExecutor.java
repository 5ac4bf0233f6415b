package io.filejobs.core.step.merge;

import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepFailure;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one merge invocation: at most {@code concurrency} tasks at once. {@link #run}
 * blocks while that many parts are in flight and throws the first failure of a finished part at
 * once, so a failing merge stops submitting; {@link #awaitAll} cancels the rest after a failure.
 * Closing it stops every thread.
 */
final class BoundedExecutor implements AutoCloseable {

    private final ExecutorService pool;
    private final Semaphore inFlight;
    private final List<Future<?>> running = new ArrayList<>();

    BoundedExecutor(int concurrency) {
        this.pool = Executors.newFixedThreadPool(concurrency, new WorkerThreads());
        this.inFlight = new Semaphore(concurrency);
    }

    /** A task on the pool's threads, not counted against the parts in flight (reading the sources' metadata). */
    <T> Future<T> submit(Callable<T> task) {
        return pool.submit(task);
    }

    /** Runs a part once fewer than {@code concurrency} are in flight; throws the failure of one that already failed. */
    void run(Runnable part) {
        failFast();
        inFlight.acquireUninterruptibly();
        running.add(pool.submit(() -> {
            try {
                part.run();
            } finally {
                inFlight.release();
            }
        }));
    }

    /** Waits for every part; after the first failure the others are cancelled and it is thrown. */
    void awaitAll() {
        RuntimeException first = null;
        for (Future<?> task : running) {
            try {
                result(task);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                    running.forEach(t -> t.cancel(true));
                }
            }
        }
        running.clear();
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** Throws the failure of a finished part at once, and drops finished parts, so the list holds only those in flight. */
    private void failFast() {
        for (Iterator<Future<?>> tasks = running.iterator(); tasks.hasNext();) {
            Future<?> task = tasks.next();
            if (task.isDone()) {
                result(task);
                tasks.remove();
            }
        }
    }

    /** A task's result, or its failure as the task threw it. */
    static <T> T result(Future<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure(StepErrorCode.TRANSIENT, "the merge was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                // The JVM is in trouble (out of memory, say): no clean-up is attempted, as after a kill.
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (CancellationException e) {
            throw new StepFailure(StepErrorCode.TRANSIENT, "a part of the merge was cancelled", e);
        }
    }

    /** Daemon threads named after the merge, so a stuck part shows in a thread dump. */
    private static final class WorkerThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "filejobs-merge-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
