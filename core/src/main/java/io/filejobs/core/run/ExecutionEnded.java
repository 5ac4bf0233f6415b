package io.filejobs.core.run;

import io.filejobs.core.store.RunLedger;
import io.filejobs.core.trigger.RunTrigger;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * An execution ended FAILED, TIMED_OUT or ABORTED (EventBridge's execution status events on AWS;
 * the embedded launcher locally). When its run is still QUEUED or RUNNING (the execution stopped
 * before FinishRun could record it) the run is finished as FAILED and its alert returned; when the
 * run finished, the state machine recorded and alerted it, and nothing is returned. An execution
 * that left no run at all is alerted, so that no failure goes unannounced.
 */
@Singleton
public class ExecutionEnded {

    private final RunLedger ledger;
    private final FinishRun finishRun;
    private final RunAlerts alerts;

    public ExecutionEnded(RunLedger ledger, FinishRun finishRun, RunAlerts alerts) {
        this.ledger = ledger;
        this.finishRun = finishRun;
        this.alerts = alerts;
    }

    public Optional<FinishResult.Alert> ended(RunRequest request, String executionId, String status, @Nullable String error,
            @Nullable String cause) {
        FinishRequest.Failure failure = new FinishRequest.Failure(error != null && !error.isEmpty() ? error : "States." + status,
                cause != null && !cause.isEmpty() ? cause : "the execution ended " + status);
        Optional<String> runId = runId(request);
        Optional<Run> run = runId.flatMap(id -> ledger.get(request.jobId(), id));
        if (run.isEmpty()) {
            return Optional.of(alerts.withoutRun(request.jobId(), failure, executionId));
        }
        if (run.get().status().finished()) {
            return Optional.empty();
        }
        RunRequest identified = new RunRequest(request.jobId(), request.trigger(), request.scheduledTime(), runId.get(), request.resume(),
                request.triggerObject());
        FinishResult result = finishRun.finish(new FinishRequest(RunStatus.FAILED.name(), null, identified, failure, executionId));
        return Optional.ofNullable(result.alert());
    }

    /** The run the execution's trigger names; none when its input names no run (a manual run without its id). */
    private static Optional<String> runId(RunRequest request) {
        try {
            return Optional.of(RunTrigger.of(request).runId());
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }
}
