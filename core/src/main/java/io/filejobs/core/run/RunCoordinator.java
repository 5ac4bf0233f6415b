package io.filejobs.core.run;

import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobRecord;
import io.filejobs.core.job.OverlapPolicy;
import io.filejobs.core.job.Step;
import io.filejobs.core.job.ValidationStatus;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepExecutor;
import io.filejobs.core.step.StepFailedException;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.step.StepThrottledException;
import io.filejobs.core.step.StepTransientException;
import io.filejobs.core.step.UploadJournal;
import io.filejobs.core.store.DefinitionStore;
import io.filejobs.core.store.JobTable;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What the three workflow tasks do: start a run (load the job, claim the run, build the execution
 * document), run one step, and finish the run (record its outcome and, on failure, the alert).
 * Each is safe to repeat: Step Functions may deliver a task twice.
 */
@Singleton
public class RunCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(RunCoordinator.class);
    /** The error code of a run skipped because the job's previous run was still going. */
    public static final String OVERLAP = "OVERLAP";

    private final JobTable jobs;
    private final DefinitionStore definitions;
    private final RunLedger ledger;
    private final StepExecutor executor;
    private final JsonMapper json;
    private final Clock clock;

    public RunCoordinator(JobTable jobs, DefinitionStore definitions, RunLedger ledger, StepExecutor executor, JsonMapper json, Clock clock) {
        this.jobs = jobs;
        this.definitions = definitions;
        this.ledger = ledger;
        this.executor = executor;
        this.json = json;
        this.clock = clock;
    }

    /** A QUEUED run of the job's current version, with every step PENDING. */
    public Run queued(JobRecord job, JobDefinition definition, String runId, Trigger trigger, String scheduledTime) {
        List<StepRun> steps = definition.steps().stream()
                .map(s -> new StepRun(s.id(), s.name(), s.action(), StepRun.PENDING, null, null, null, null, 0)).toList();
        return new Run(runId, job.id(), job.version(), trigger, scheduledTime, RunStatus.QUEUED, now(), null, null, steps, null,
                job.definitionKey());
    }

    public ExecutionDocument start(RunRequest request) {
        // A request with a run id continues a recorded run (a manual run, or one resumed after a
        // restart); one without is a scheduled trigger, which claims the run of its time.
        Run run = request.runId() == null ? claimScheduled(request) : ledger.get(request.jobId(), request.runId())
                .orElseThrow(() -> new IllegalStateException("run " + request.runId() + " of job " + request.jobId() + " was never recorded"));
        if (run == null) {
            return new ExecutionDocument(request.jobId(), "", "", ExecutionDocument.DUPLICATE, 0, 0, 0, List.of());
        }
        Optional<JobDefinition> found = definitions.find(run.definitionKey());
        if (found.isEmpty()) {
            // The job was deleted between the run's trigger and its start (deletes wait for active runs, triggers do not).
            ledger.finish(run.jobId(), run.runId(), RunStatus.FAILED, now(), jobGone(run, null));
            return new ExecutionDocument(run.jobId(), "", run.runId(), ExecutionDocument.SKIPPED, 0, 0, 0, List.of());
        }
        JobDefinition definition = found.get();
        List<ExecutionDocument.StepSummary> summaries = definition.steps().stream()
                .map(s -> new ExecutionDocument.StepSummary(s.id(), s.name(), s.action())).toList();
        if (run.status() == RunStatus.QUEUED) {
            Optional<JobRecord> job = jobs.get(run.jobId());
            if (job.isPresent() && job.get().validation().status() == ValidationStatus.INVALID) {
                String reasons = job.get().validation().errors().stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
                ledger.finish(run.jobId(), run.runId(), RunStatus.SKIPPED, now(), new RunError("JOB_INVALID", "the job is invalid: " + reasons, null));
                return document(run, definition, summaries, ExecutionDocument.SKIPPED, 0);
            }
            if (definition.overlap() == OverlapPolicy.SKIP) {
                Optional<String> active = ledger.claimActive(run.jobId(), run.runId());
                if (active.isPresent()) {
                    ledger.finish(run.jobId(), run.runId(), RunStatus.SKIPPED, now(), new RunError(OVERLAP, "run " + active.get()
                            + " of this job was still going; the job's overlap policy is SKIP", null));
                    LOG.info("run {} of job {} skipped: run {} is still going", run.runId(), run.jobId(), active.get());
                    return document(run, definition, summaries, ExecutionDocument.OVERLAP, 0);
                }
            }
            ledger.start(run.jobId(), run.runId(), now());
        } else if (run.status() != RunStatus.RUNNING) {
            return document(run, definition, summaries, ExecutionDocument.DUPLICATE, 0);
        }
        // A run started again (a repeated task) resumes at its first step that has not succeeded.
        int current = (int) run.steps().stream().takeWhile(s -> StepRun.SUCCEEDED.equals(s.status())).count();
        return document(run, definition, summaries, ExecutionDocument.RUN, current);
    }

    /** Creates the run of a scheduled time; null when a trigger for that time already did. */
    private Run claimScheduled(RunRequest request) {
        Instant scheduled;
        try {
            scheduled = Instant.parse(request.scheduledTime());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("a scheduled run needs scheduledTime as an ISO-8601 instant, got " + request.scheduledTime());
        }
        Optional<JobRecord> job = jobs.get(request.jobId());
        if (job.isEmpty()) {
            LOG.warn("schedule fired for job {}, which no longer exists; nothing to run", request.jobId());
            return null;
        }
        JobDefinition definition = definitions.get(job.get().definitionKey());
        RunLedger.Created created = ledger.create(queued(job.get(), definition, RunIds.scheduled(scheduled), Trigger.SCHEDULE,
                scheduled.toString()));
        if (!created.created()) {
            LOG.info("run {} of job {} was already started by another trigger", created.run().runId(), request.jobId());
            return null;
        }
        return created.run();
    }

    private static ExecutionDocument document(Run run, JobDefinition definition, List<ExecutionDocument.StepSummary> steps,
            String outcome, int current) {
        return new ExecutionDocument(run.jobId(), definition.name(), run.runId(), outcome, steps.size(), 0, current, steps);
    }

    /** Runs the document's current step and returns the document advanced by one. */
    public ExecutionDocument runStep(ExecutionDocument doc) {
        Run run = ledger.get(doc.id(), doc.runId()).orElseThrow(() -> new IllegalStateException("run " + doc.runId() + " is gone"));
        StepRun before = run.steps().get(doc.current());
        Optional<JobDefinition> definition = definitions.find(run.definitionKey());
        if (definition.isEmpty()) {
            RunError gone = jobGone(run, before.id());
            ledger.recordStep(doc.id(), doc.runId(), new StepRun(before.id(), before.name(), before.action(), StepRun.FAILED,
                    before.startedAt() == null ? now() : before.startedAt(), now(), null, gone, Math.max(1, before.attempts())));
            throw new StepFailedException(gone.code() + ": " + gone.message());
        }
        Step step = definition.get().steps().get(doc.current());
        if (StepRun.SUCCEEDED.equals(before.status())) {
            return doc.next();
        }
        String startedAt = before.startedAt() == null ? now() : before.startedAt();
        // Continuing a long MERGE is the same attempt, not another one.
        int attempt = doc.continuation() != null && before.attempts() > 0 ? before.attempts() : before.attempts() + 1;
        ledger.recordStep(doc.id(), doc.runId(), new StepRun(step.id(), step.name(), step.action(), StepRun.RUNNING, startedAt, null,
                before.bytes(), null, attempt));
        if (doc.continuation() == null) {
            RunLedger.RecordedUpload left = ledger.uploads(doc.id(), doc.runId()).get(step.id());
            if (left != null) {
                abortLeftUpload(run, step.id(), left);
            }
        }
        UploadJournal journal = (destination, uploadId) -> ledger.recordUpload(doc.id(), doc.runId(), step.id(), destination.toString(),
                uploadId);
        try {
            StepExecutor.StepResult result = executor.execute(step, doc.continuation(), journal);
            if (result.continuation() != null) {
                ledger.recordStep(doc.id(), doc.runId(), new StepRun(step.id(), step.name(), step.action(), StepRun.RUNNING, startedAt, null,
                        result.bytes(), null, attempt));
                return doc.continueWith(result.continuation());
            }
            ledger.clearUpload(doc.id(), doc.runId(), step.id());
            ledger.recordStep(doc.id(), doc.runId(), new StepRun(step.id(), step.name(), step.action(), StepRun.SUCCEEDED, startedAt, now(),
                    result.bytes(), null, attempt));
            return doc.next();
        } catch (StepFailure failure) {
            // The action aborted its own upload before it reported the failure.
            ledger.clearUpload(doc.id(), doc.runId(), step.id());
            RunError error = new RunError(failure.code().name(), failure.getMessage(), step.id());
            boolean retryable = failure.code().retryable();
            // A retryable failure leaves the step RUNNING with its last error; the state machine tries again.
            ledger.recordStep(doc.id(), doc.runId(), new StepRun(step.id(), step.name(), step.action(),
                    retryable ? StepRun.RUNNING : StepRun.FAILED, startedAt, retryable ? null : now(), null, error, attempt));
            String message = failure.code() + ": " + failure.getMessage();
            if (failure.code() == StepErrorCode.THROTTLED) {
                throw new StepThrottledException(message);
            }
            if (failure.code() == StepErrorCode.TRANSIENT) {
                throw new StepTransientException(message);
            }
            throw new StepFailedException(message);
        } catch (SdkException ledgerFault) {
            // The actions type their own S3 failures, so this is the run ledger's store failing: worth another try.
            LOG.warn("step {} of run {} of job {}: the run ledger could not be written: {}", step.id(), doc.runId(), doc.id(),
                    ledgerFault.toString());
            throw new StepTransientException("TRANSIENT: the run's record could not be written; the step is tried again");
        } catch (RuntimeException unexpected) {
            // A fault in FileJobs itself: logged with its trace; the run and the alert get words, not class names.
            LOG.error("step {} of run {} of job {} failed on an unexpected error", step.id(), doc.runId(), doc.id(), unexpected);
            RunError error = new RunError(StepErrorCode.INTERNAL.name(), "the step failed on an unexpected error in FileJobs;"
                    + " the service's log has it under run " + doc.runId(), step.id());
            ledger.recordStep(doc.id(), doc.runId(), new StepRun(step.id(), step.name(), step.action(), StepRun.FAILED, startedAt, now(),
                    null, error, attempt));
            throw new StepFailedException(error.code() + ": " + error.message());
        }
    }

    private static RunError jobGone(Run run, @Nullable Integer stepId) {
        return new RunError(ErrorCode.JOB_NOT_FOUND.name(), "job " + run.jobId() + " was deleted while run " + run.runId()
                + " was starting or going; nothing more was done", stepId);
    }

    /** Aborts the upload an earlier attempt at the step recorded and never finished (its worker died). */
    private void abortLeftUpload(Run run, int stepId, RunLedger.RecordedUpload left) {
        LOG.warn("step {} of run {} of job {} left upload {} to {}; aborting it", stepId, run.runId(), run.jobId(), left.uploadId(),
                left.destination());
        executor.abortUpload(ObjectRef.parse(left.destination()), left.uploadId());
        ledger.clearUpload(run.jobId(), run.runId(), stepId);
    }

    /** Records how the run ended; for a failure or a skip, returns the alert to publish. */
    public FinishResult finish(FinishRequest request) {
        String jobId = request.run() != null ? request.run().id() : request.request().jobId();
        String runId = request.run() != null ? request.run().runId() : request.request().runId();
        if (runId == null || runId.isEmpty()) {
            return new FinishResult(RunStatus.FAILED.name(), alertWithoutRun(jobId, request));
        }
        Run run = ledger.get(jobId, runId).orElseThrow(() -> new IllegalStateException("run " + runId + " is gone"));
        if (!"SUCCEEDED".equals(request.outcome())) {
            // A step whose worker died (a timed-out or crashed task) left its upload; it goes with the run.
            Map<Integer, RunLedger.RecordedUpload> uploads = ledger.uploads(jobId, runId);
            uploads.forEach((stepId, left) -> abortLeftUpload(run, stepId, left));
            // A step left between two invocations gives up what it holds, unless its recorded upload went above.
            JsonNode between = request.run() == null ? null : request.run().continuation();
            if (between != null && !uploads.containsKey(request.run().current())) {
                definitions.find(run.definitionKey())
                        .ifPresent(d -> executor.abandon(d.steps().get(request.run().current()), between));
            }
        }
        FinishResult result = record(run, request);
        // Only after the outcome is recorded: a run that still looks RUNNING keeps its place.
        ledger.releaseActive(jobId, runId);
        return result;
    }

    /**
     * An execution ended FAILED, TIMED_OUT or ABORTED. When its run is still QUEUED or RUNNING (the
     * execution stopped before FinishRun could record it) the run is recorded FAILED and the alert
     * returned; when the run finished, the state machine recorded and alerted it, and nothing is
     * returned. An execution that left no run at all is alerted, so that no failure goes unannounced.
     */
    public Optional<FinishResult.Alert> executionEnded(RunRequest request, String executionId, String status, @Nullable String error,
            @Nullable String cause) {
        FinishRequest.Failure failure = new FinishRequest.Failure(error != null && !error.isEmpty() ? error : "States." + status,
                cause != null && !cause.isEmpty() ? cause : "the execution ended " + status);
        String runId = request.runId();
        if (runId == null && request.scheduledTime() != null) {
            try {
                runId = RunIds.scheduled(Instant.parse(request.scheduledTime()));
            } catch (DateTimeParseException e) {
                runId = null;
            }
        }
        Optional<Run> run = runId == null ? Optional.empty() : ledger.get(request.jobId(), runId);
        if (run.isEmpty()) {
            return Optional.of(alertWithoutRun(request.jobId(), new FinishRequest(RunStatus.FAILED.name(), null, request, failure, executionId)));
        }
        if (run.get().status().finished()) {
            return Optional.empty();
        }
        RunRequest identified = new RunRequest(request.jobId(), request.trigger(), request.scheduledTime(), runId);
        FinishResult result = finish(new FinishRequest(RunStatus.FAILED.name(), null, identified, failure, executionId));
        return Optional.ofNullable(result.alert());
    }

    private FinishResult record(Run run, FinishRequest request) {
        String jobId = run.jobId();
        String runId = run.runId();
        if ("SUCCEEDED".equals(request.outcome())) {
            ledger.finish(jobId, runId, RunStatus.SUCCEEDED, now(), null);
            return new FinishResult(RunStatus.SUCCEEDED.name(), null);
        }
        if (run.status() == RunStatus.SKIPPED) {
            return new FinishResult(RunStatus.SKIPPED.name(), alert(run, RunStatus.SKIPPED, run.error(), request.executionId()));
        }
        if (run.status() == RunStatus.FAILED && run.error() != null) {
            // Recorded FAILED as it started (its job was gone): alert with that error.
            return new FinishResult(RunStatus.FAILED.name(), alert(run, RunStatus.FAILED, run.error(), request.executionId()));
        }
        RunError error = failedStepError(run).orElseGet(() -> new RunError(StepErrorCode.INTERNAL.name(),
                "the run failed outside its steps: " + describe(request.failure()), null));
        // No step of a FAILED run stays RUNNING: the one that failed, and one whose task died.
        for (StepRun step : run.steps()) {
            boolean leftRunning = StepRun.RUNNING.equals(step.status());
            boolean failedHereUnmarked = Integer.valueOf(step.id()).equals(error.stepId()) && !StepRun.FAILED.equals(step.status());
            if (leftRunning || failedHereUnmarked) {
                ledger.recordStep(jobId, runId, new StepRun(step.id(), step.name(), step.action(), StepRun.FAILED,
                        step.startedAt(), now(), null, step.error() != null ? step.error() : new RunError(error.code(), error.message(), step.id()),
                        step.attempts()));
            }
        }
        ledger.finish(jobId, runId, RunStatus.FAILED, now(), error);
        return new FinishResult(RunStatus.FAILED.name(), alert(run, RunStatus.FAILED, error, request.executionId()));
    }

    private static Optional<RunError> failedStepError(Run run) {
        return run.steps().stream().filter(s -> s.error() != null && !StepRun.SUCCEEDED.equals(s.status())).map(StepRun::error).findFirst();
    }

    private FinishResult.Alert alert(Run run, RunStatus status, RunError error, String executionId) {
        StepRun step = error != null && error.stepId() != null ? run.steps().get(error.stepId()) : null;
        String name = definitions.find(run.definitionKey()).map(JobDefinition::name).orElse("job " + run.jobId());
        FailureNotice notice = new FailureNotice(run.jobId(), name, run.runId(), status.name(), run.trigger().name(), run.scheduledTime(),
                step == null ? null : step.id(), step == null ? null : step.name(),
                error == null ? StepErrorCode.INTERNAL.name() : error.code(), error == null ? "unknown" : error.message(),
                "/jobs/" + run.jobId() + "/runs/" + run.runId(), executionLink(executionId));
        String subject = "FileJobs: run of " + name + " " + status.name().toLowerCase() + (error == null ? "" : " (" + error.code() + ")");
        return new FinishResult.Alert(subject.length() > 100 ? subject.substring(0, 100) : subject, toJson(notice));
    }

    private FinishResult.Alert alertWithoutRun(String jobId, FinishRequest request) {
        FailureNotice notice = new FailureNotice(jobId, "", "", RunStatus.FAILED.name(), null, null, null, null,
                StepErrorCode.INTERNAL.name(), "the run could not start: " + describe(request.failure()), "/jobs/" + jobId + "/runs",
                executionLink(request.executionId()));
        return new FinishResult.Alert("FileJobs: a run of job " + jobId + " could not start", toJson(notice));
    }

    /** The AWS console page of a Step Functions execution; none for the embedded runtime. */
    static String executionLink(String executionId) {
        if (executionId == null || !executionId.startsWith("arn:aws:states:")) {
            return null;
        }
        String region = executionId.split(":")[3];
        return "https://" + region + ".console.aws.amazon.com/states/home?region=" + region + "#/v2/executions/details/" + executionId;
    }

    /**
     * A failure the state machine caught, for a user: Step Functions' own errors (States.Timeout,
     * States.ABORTED, ...) as they are; a task that died on an error of its own (named by a Java
     * class, with a stack trace as its cause) only as such, since class names and traces say
     * nothing to a user and are in the task's log.
     */
    private static String describe(FinishRequest.Failure failure) {
        if (failure == null) {
            return "unknown";
        }
        if (failure.Error() != null && failure.Error().startsWith("States.")) {
            return failure.Error() + ": " + failure.Cause();
        }
        return "a task ended on an unexpected error (its log names it)";
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
