package io.filejobs.core.run;

import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.store.DefinitionStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The alert of a run that failed or was skipped: a subject line and a JSON {@link FailureNotice}
 * naming the job, the run, the step and the error in words, with the run's API path and, on AWS,
 * the execution's console page. Never a class name or a stack trace.
 */
@Singleton
public class RunAlerts {

    private static final int MAX_SUBJECT = 100;

    private final DefinitionStore definitions;
    private final JsonMapper json;

    public RunAlerts(DefinitionStore definitions, JsonMapper json) {
        this.definitions = definitions;
        this.json = json;
    }

    /** The alert of a recorded run that ended {@code status} with {@code error}. */
    public FinishResult.Alert of(Run run, RunStatus status, @Nullable RunError error, @Nullable String executionId) {
        StepRun step = error != null && error.stepId() != null ? run.steps().get(error.stepId()) : null;
        String name = definitions.find(run.definitionKey()).map(JobDefinition::name).orElse("job " + run.jobId());
        FailureNotice notice = new FailureNotice(run.jobId(), name, run.runId(), status.name(), run.trigger().name(), run.scheduledTime(),
                run.triggerObject() == null ? null : run.triggerObject().bucket() + "/" + run.triggerObject().key(),
                step == null ? null : step.id(), step == null ? null : step.name(),
                error == null ? StepErrorCode.INTERNAL.name() : error.code(), error == null ? "unknown" : error.message(),
                "/jobs/" + run.jobId() + "/runs/" + run.runId(), executionLink(executionId),
                step != null && (step.waiting() || step.callback() != null || step.waitingUntil() != null) ? callbackPath(run, step.id()) : null);
        String subject = "FileJobs: run of " + name + " " + status.name().toLowerCase() + (error == null ? "" : " (" + error.code() + ")");
        return new FinishResult.Alert(subject.length() > MAX_SUBJECT ? subject.substring(0, MAX_SUBJECT) : subject, toJson(notice));
    }

    /** The notice that a run waits at a WAIT step: until when, and the route that answers it. */
    public FinishResult.Alert waiting(Run run, StepRun step, @Nullable String executionId) {
        String name = definitions.find(run.definitionKey()).map(JobDefinition::name).orElse("job " + run.jobId());
        FailureNotice notice = new FailureNotice(run.jobId(), name, run.runId(), RunStatus.WAITING.name(), run.trigger().name(),
                run.scheduledTime(), run.triggerObject() == null ? null : run.triggerObject().bucket() + "/" + run.triggerObject().key(),
                step.id(), step.name(), RunStatus.WAITING.name(), "step " + step.id() + " (" + step.name() + ") waits for its callback until "
                + step.waitingUntil() + "; POST {\"outcome\": \"SUCCEEDED\"} or {\"outcome\": \"FAILED\", \"message\": ...} to "
                + callbackPath(run, step.id()) + " to go on", "/jobs/" + run.jobId() + "/runs/" + run.runId(), executionLink(executionId),
                callbackPath(run, step.id()));
        String subject = "FileJobs: run of " + name + " waits at step " + step.id();
        return new FinishResult.Alert(subject.length() > MAX_SUBJECT ? subject.substring(0, MAX_SUBJECT) : subject, toJson(notice));
    }

    /** The route that answers a WAIT step. */
    public static String callbackPath(Run run, int stepId) {
        return "/jobs/" + run.jobId() + "/runs/" + run.runId() + "/steps/" + stepId + "/callback";
    }

    /** The alert of an execution that left no run at all: no failure goes unannounced. */
    public FinishResult.Alert withoutRun(String jobId, @Nullable FinishRequest.Failure failure, @Nullable String executionId) {
        FailureNotice notice = new FailureNotice(jobId, "", "", RunStatus.FAILED.name(), null, null, null, null, null,
                StepErrorCode.INTERNAL.name(), "the run could not start: " + describe(failure), "/jobs/" + jobId + "/runs",
                executionLink(executionId));
        return new FinishResult.Alert("FileJobs: a run of job " + jobId + " could not start", toJson(notice));
    }

    /** The AWS console page of a Step Functions execution; none for the embedded runtime. */
    static String executionLink(@Nullable String executionId) {
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
    static String describe(@Nullable FinishRequest.Failure failure) {
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
}
