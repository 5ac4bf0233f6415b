package io.filejobs.core.run;

import io.filejobs.core.logging.LogFields;
import io.filejobs.core.metrics.RunMetrics;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepExecutor;
import io.filejobs.core.store.DefinitionStore;
import io.filejobs.core.store.RunClaims;
import io.filejobs.core.store.RunLedger;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow's last task: records how the run ended and, for a failure or a skip, returns the
 * alert to publish. A run that did not succeed first gives up what its steps left open: the
 * uploads they recorded, and a step's continuation between two invocations. No step of a FAILED
 * run stays RUNNING. The job's active-run place is released only after the outcome is recorded,
 * and then handed to the run that has waited longest for it (overlap QUEUE). Last, the run's
 * metrics are written ({@link RunMetrics}).
 */
@Singleton
public class FinishRun {

    private static final Logger LOG = LoggerFactory.getLogger(FinishRun.class);

    private final RunLedger ledger;
    private final RunClaims claims;
    private final DefinitionStore definitions;
    private final StepExecutor executor;
    private final LeftUploads uploads;
    private final RunAlerts alerts;
    private final Clock clock;
    private final QueuedRuns queued;
    private final RunMetrics metrics;

    public FinishRun(RunLedger ledger, RunClaims claims, DefinitionStore definitions, StepExecutor executor, LeftUploads uploads,
            RunAlerts alerts, Clock clock, QueuedRuns queued, RunMetrics metrics) {
        this.queued = queued;
        this.metrics = metrics;
        this.ledger = ledger;
        this.claims = claims;
        this.definitions = definitions;
        this.executor = executor;
        this.uploads = uploads;
        this.alerts = alerts;
        this.clock = clock;
    }

    public FinishResult finish(FinishRequest request) {
        String jobId = request.run() != null ? request.run().id() : request.request().jobId();
        String runId = request.run() != null ? request.run().runId() : request.request().runId();
        try (LogFields fields = LogFields.of(jobId, runId, null)) {
            return finish(request, jobId, runId);
        }
    }

    private FinishResult finish(FinishRequest request, String jobId, String runId) {
        if (runId == null || runId.isEmpty()) {
            metrics.failedUnrecorded(jobId, new RunError(StepErrorCode.INTERNAL.name(), "the run could not start", null));
            return new FinishResult(RunStatus.FAILED.name(), alerts.withoutRun(jobId, request.failure(), request.executionId()));
        }
        Run run = ledger.get(jobId, runId).orElseThrow(() -> new IllegalStateException("run " + runId + " is gone"));
        if (!RunStatus.SUCCEEDED.name().equals(request.outcome())) {
            // A step whose worker died (a timed-out or crashed task) left its upload; it goes with the run.
            Map<Integer, RunLedger.RecordedUpload> left = uploads.of(jobId, runId);
            left.forEach((stepId, upload) -> uploads.abort(run, stepId, upload));
            // A step left between two invocations gives up what it holds, unless its recorded upload went above.
            JsonNode between = request.run() == null ? null : request.run().continuation();
            if (between != null && request.run().current() >= 0 && !left.containsKey(request.run().current())) {
                definitions.find(run.definitionKey()).ifPresent(d -> executor.abandon(d.steps().get(request.run().current()), between,
                        run.templateValues(d)));
            }
        }
        FinishResult result = record(run, request);
        // Only after the outcome is recorded: a run that still looks RUNNING keeps its place.
        claims.releaseActive(jobId, runId);
        queued.startNext(jobId);
        try {
            // The run as it ended, steps and all: its metrics. The outcome is recorded; a failure here does not undo it.
            ledger.get(jobId, runId).ifPresent(metrics::ended);
        } catch (RuntimeException e) {
            LOG.warn("run {} of job {} ended {}, but its metrics could not be read: {}", runId, jobId, result.status(), e.toString());
        }
        return result;
    }

    private FinishResult record(Run run, FinishRequest request) {
        String jobId = run.jobId();
        String runId = run.runId();
        if (run.status() == RunStatus.SKIPPED && run.error() != null && StepErrorCode.NO_OBJECTS.name().equals(run.error().code())) {
            // A step skipped the run (its set was empty, as its selector allows): recorded by the step, and not alerted.
            return new FinishResult(RunStatus.SKIPPED.name(), null);
        }
        if (RunStatus.SUCCEEDED.name().equals(request.outcome())) {
            ledger.finish(jobId, runId, RunStatus.SUCCEEDED, now(), null);
            return new FinishResult(RunStatus.SUCCEEDED.name(), null);
        }
        if (run.status() == RunStatus.SKIPPED) {
            return new FinishResult(RunStatus.SKIPPED.name(), alerts.of(run, RunStatus.SKIPPED, run.error(), request.executionId()));
        }
        if (run.status() == RunStatus.FAILED && run.error() != null) {
            // Recorded FAILED as it started (its job was gone): alert with that error.
            return new FinishResult(RunStatus.FAILED.name(), alerts.of(run, RunStatus.FAILED, run.error(), request.executionId()));
        }
        RunError error = failedStepError(run).or(() -> timedOut(run, request.failure())).orElseGet(() -> new RunError(
                StepErrorCode.INTERNAL.name(), "the run failed outside its steps: " + RunAlerts.describe(request.failure()), null));
        // No step of a FAILED run stays RUNNING or WAITING: the one that failed, one whose task died, and those
        // that ran beside the failed one and were stopped with it.
        for (StepRun step : run.steps()) {
            boolean left = StepRun.RUNNING.equals(step.status()) || step.waiting();
            boolean failedHere = Integer.valueOf(step.id()).equals(error.stepId());
            if (step.waiting()) {
                ledger.forgetWait(jobId, runId, step.id());
            }
            if (failedHere && !StepRun.FAILED.equals(step.status())) {
                ledger.recordStep(jobId, runId, new StepRun(step.id(), step.name(), step.action(), StepRun.FAILED, step.startedAt(), now(), null,
                        step.error() != null && !step.waiting() ? step.error() : new RunError(error.code(), error.message(), step.id()),
                        Math.max(1, step.attempts()), step.objects(), step.shards(), step.waitingUntil(), step.callback()));
            } else if (left) {
                RunError stopped = error.stepId() == null ? new RunError(error.code(), error.message(), step.id())
                        : new RunError(StepErrorCode.STOPPED.name(), "stopped when step " + error.stepId() + " failed (" + error.code() + ")", step.id());
                ledger.recordStep(jobId, runId, new StepRun(step.id(), step.name(), step.action(), StepRun.FAILED, step.startedAt(), now(), null,
                        step.error() != null && !step.waiting() && error.stepId() == null ? step.error() : stopped, Math.max(1, step.attempts()),
                        step.objects(), step.shards(), step.waitingUntil(), step.callback()));
            }
        }
        ledger.finish(jobId, runId, RunStatus.FAILED, now(), error);
        return new FinishResult(RunStatus.FAILED.name(), alerts.of(run, RunStatus.FAILED, error, request.executionId()));
    }

    /** The error of the step that failed the run: one recorded FAILED first, else one left with an error. */
    private static Optional<RunError> failedStepError(Run run) {
        return run.steps().stream().filter(s -> s.error() != null && StepRun.FAILED.equals(s.status())).map(StepRun::error).findFirst()
                .or(() -> run.steps().stream().filter(s -> s.error() != null && !StepRun.SUCCEEDED.equals(s.status()) && !s.waiting())
                        .map(StepRun::error).findFirst());
    }

    /**
     * The WAIT step whose wait timed out, when the state machine's timeout ended the run: of the
     * run's tasks only those that wait for a token have a timeout (States.Timeout), and the one
     * that waited longest (its deadline first) is the one. Its deadline as recorded may be a moment
     * later than the state machine's, whose clock started before the step task ran.
     */
    private Optional<RunError> timedOut(Run run, FinishRequest.Failure failure) {
        if (failure == null || !"States.Timeout".equals(failure.Error())) {
            return Optional.empty();
        }
        return run.steps().stream().filter(s -> s.waiting() && s.waitingUntil() != null)
                .min(java.util.Comparator.comparing(StepRun::waitingUntil))
                .map(s -> new RunError(StepErrorCode.TIMEOUT.name(), "no callback came before " + s.waitingUntil()
                        + ", when the step's timeout passed", s.id()));
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
