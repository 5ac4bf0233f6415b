package io.filejobs.core.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Why a run or a step failed or was skipped: a step error code, or JOB_INVALID, with the step when there is one. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunError(String code, String message, @Nullable Integer stepId) {
}
