package io.filejobs.local.workflow;

import io.filejobs.core.run.RunLauncher;
import io.filejobs.core.run.RunRequest;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts runs on the embedded interpreter in the background; a few work at a time ({@link RunSlots}). */
@Singleton
public class EmbeddedRunLauncher implements RunLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRunLauncher.class);

    private static final java.time.Duration START_WAIT = java.time.Duration.ofSeconds(10);

    private final EmbeddedWorkflow workflow;
    private final RunSlots slots;
    // Executions wait their turn in order here, a slot is taken for each, and only then does it get a thread
    // of its own; RunSlots bounds how many work at once (one that waits for a callback does not count).
    private final ExecutorService turns = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "filejobs-run-turns");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService executions = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "filejobs-run");
        t.setDaemon(true);
        return t;
    });

    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    // Per job, when the start task of the execution last launched in order has answered. Such an execution waits for the one launched
    // in order before it to have started, so the job's runs are recorded, claim its active place and join its queue in the order they
    // were launched (for object-created runs, the order of their events): without it the later of two runs launched a moment apart
    // could pass the earlier on the way to the active place. Other jobs, and runs launched otherwise, do not wait.
    private final ConcurrentHashMap<String, CompletableFuture<Void>> started = new ConcurrentHashMap<>();

    public EmbeddedRunLauncher(EmbeddedWorkflow workflow, RunSlots slots) {
        this.workflow = workflow;
        this.slots = slots;
    }

    @Override
    public void launch(RunRequest request) {
        launch(request, false);
    }

    @Override
    public void launchInOrder(RunRequest request) {
        launch(request, true);
    }

    private void launch(RunRequest request, boolean inOrder) {
        String executionId = "embedded:" + request.jobId() + ":" + executionName(request);
        pending.incrementAndGet();
        CompletableFuture<Void> thisStarted = new CompletableFuture<>();
        CompletableFuture<Void> before = inOrder ? started.put(orderKey(request), thisStarted) : null;
        turns.submit(() -> {
            try {
                slots.take();
            } catch (InterruptedException e) {
                thisStarted.complete(null);
                pending.decrementAndGet();
                Thread.currentThread().interrupt();
                return;
            }
            try {
                executions.submit(() -> {
                    try {
                        awaitStart(before, executionId);
                        Execution execution = workflow.run(executionId, request, () -> thisStarted.complete(null));
                        LOG.info("execution {} ended {}{}", executionId, execution.status(),
                                execution.error() == null ? "" : " (" + execution.error() + ")");
                    } catch (RuntimeException | Error e) {
                        LOG.error("execution {} crashed", executionId, e);
                    } finally {
                        thisStarted.complete(null);
                        started.remove(orderKey(request), thisStarted);
                        slots.give();
                        pending.decrementAndGet();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                thisStarted.complete(null);
                slots.give();
                pending.decrementAndGet();
            }
        });
    }

    private static String orderKey(RunRequest request) {
        return request.jobId() == null ? "" : request.jobId();
    }

    /** Waits for the start of the job's execution launched before this one; one that takes too long is not waited for further. */
    private static void awaitStart(CompletableFuture<Void> before, String executionId) {
        if (before == null) {
            return;
        }
        try {
            before.get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException late) {
            LOG.warn("execution {} goes on without waiting longer for its job's execution launched before it to start", executionId);
        } catch (java.util.concurrent.ExecutionException notPossible) {
            // Only ever completed normally.
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many executions were launched and have not ended. */
    public int pending() {
        return pending.get();
    }

    private static String executionName(RunRequest request) {
        try {
            return request.executionName();
        } catch (IllegalArgumentException unreadable) {
            // The start task refuses it, saying why; the execution still needs a name.
            return UUID.randomUUID().toString();
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        // Runs stop at their next state, recording nothing: the next start resumes them where their record says.
        workflow.stop();
        turns.shutdownNow();
        executions.shutdown();
        if (!executions.awaitTermination(10, TimeUnit.SECONDS)) {
            executions.shutdownNow();
        }
    }
}
