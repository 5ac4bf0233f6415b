package io.filejobs.core.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.filejobs.core.error.ErrorCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Why a run or a step failed or was skipped: a step error code, or JOB_INVALID, with the step when there is one. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunError(String code, String message, @Nullable Integer stepId) {

    /** The job was deleted while the run was starting or going (deletes wait for active runs; triggers do not). */
    static RunError jobGone(Run run, @Nullable Integer stepId) {
        return new RunError(ErrorCode.JOB_NOT_FOUND.name(), "job " + run.jobId() + " was deleted while run " + run.runId()
                + " was starting or going; nothing more was done", stepId);
    }
}
