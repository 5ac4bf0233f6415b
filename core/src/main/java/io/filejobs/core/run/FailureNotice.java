package io.filejobs.core.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The body of a failure alert: which job, run and step failed, why, and where to look; for a run an
 * object's creation started, that object ({@code bucket/key}); for a WAIT step (a notice that it
 * waits, or its failure), the route that answers it.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailureNotice(
        String jobId,
        String jobName,
        String runId,
        String status,
        @Nullable String trigger,
        @Nullable String scheduledTime,
        @Nullable String triggerObject,
        @Nullable Integer stepId,
        @Nullable String stepName,
        String code,
        String message,
        String runPath,
        @Nullable String executionLink,
        @Nullable String callbackPath) {

    public FailureNotice(String jobId, String jobName, String runId, String status, @Nullable String trigger, @Nullable String scheduledTime,
            @Nullable String triggerObject, @Nullable Integer stepId, @Nullable String stepName, String code, String message, String runPath,
            @Nullable String executionLink) {
        this(jobId, jobName, runId, status, trigger, scheduledTime, triggerObject, stepId, stepName, code, message, runPath, executionLink, null);
    }
}
