package io.filejobs.local.workflow;

import io.filejobs.core.run.RunLauncher;
import io.filejobs.core.run.RunRequest;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts runs on the embedded interpreter in the background; a few work at a time ({@link RunSlots}). */
@Singleton
public class EmbeddedRunLauncher implements RunLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRunLauncher.class);

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

    public EmbeddedRunLauncher(EmbeddedWorkflow workflow, RunSlots slots) {
        this.workflow = workflow;
        this.slots = slots;
    }

    @Override
    public void launch(RunRequest request) {
        String executionId = "embedded:" + request.jobId() + ":" + executionName(request);
        pending.incrementAndGet();
        turns.submit(() -> {
            try {
                slots.take();
            } catch (InterruptedException e) {
                pending.decrementAndGet();
                Thread.currentThread().interrupt();
                return;
            }
            try {
                executions.submit(() -> {
                    try {
                        Execution execution = workflow.run(executionId, request);
                        LOG.info("execution {} ended {}{}", executionId, execution.status(),
                                execution.error() == null ? "" : " (" + execution.error() + ")");
                    } catch (RuntimeException | Error e) {
                        LOG.error("execution {} crashed", executionId, e);
                    } finally {
                        slots.give();
                        pending.decrementAndGet();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                slots.give();
                pending.decrementAndGet();
            }
        });
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
