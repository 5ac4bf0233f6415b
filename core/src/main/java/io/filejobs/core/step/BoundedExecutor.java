package io.filejobs.core.step;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tasks of one step invocation (a MERGE's parts, a set's objects): at most {@code concurrency}
 * at once. {@link #run} blocks while that many are in flight and throws the first failure of a
 * finished one at once, so a failing step stops submitting; {@link #awaitAll} cancels the rest after
 * a failure. The tasks run on threads of its own, which closing it stops, or on a pool it shares
 * with other invocations ({@link #sharedPool}), where closing it cancels its own tasks only.
 */
public final class BoundedExecutor implements AutoCloseable {

    private final ExecutorService pool;
    private final boolean owned;
    private final Semaphore inFlight;
    private final List<Future<?>> running = new ArrayList<>();

    /** An executor with {@code concurrency} threads of its own. */
    public BoundedExecutor(int concurrency, String threadName) {
        this.pool = Executors.newFixedThreadPool(concurrency, new WorkerThreads(threadName));
        this.owned = true;
        this.inFlight = new Semaphore(concurrency);
    }

    /**
     * An executor whose tasks run on {@code shared}, at most {@code concurrency} of them at once;
     * when the shared pool's threads are all busy, its tasks wait their turn there.
     */
    public BoundedExecutor(ExecutorService shared, int concurrency) {
        this.pool = shared;
        this.owned = false;
        this.inFlight = new Semaphore(concurrency);
    }

    /**
     * A pool of at most {@code threads} daemon threads for executors to share, so that however many
     * invocations run side by side in one JVM, their tasks hold no more threads than that. A thread
     * idle for half a minute ends.
     */
    public static ExecutorService sharedPool(int threads, String threadName) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new WorkerThreads(threadName));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** A task on the pool's threads, not counted against the parts in flight (reading the sources' metadata). */
    public <T> Future<T> submit(Callable<T> task) {
        return pool.submit(task);
    }

    /** Runs a part once fewer than {@code concurrency} are in flight; throws the failure of one that already failed. */
    public void run(Runnable part) {
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
    public void awaitAll() {
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

    /** Stops the executor's tasks: its own threads, or on a shared pool the tasks it submitted. */
    @Override
    public void close() {
        if (owned) {
            pool.shutdownNow();
        } else {
            running.forEach(t -> t.cancel(true));
            running.clear();
        }
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
    public static <T> T result(Future<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure(StepErrorCode.TRANSIENT, "the step was interrupted", e);
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
            throw new StepFailure(StepErrorCode.TRANSIENT, "a task of the step was cancelled", e);
        }
    }

    /** Daemon threads named after the step's work, so a stuck task shows in a thread dump. */
    private static final class WorkerThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();
        private final String name;

        WorkerThreads(String name) {
            this.name = name;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
