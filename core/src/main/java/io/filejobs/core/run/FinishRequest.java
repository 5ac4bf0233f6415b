package io.filejobs.core.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The input of the last task: the outcome, the execution document when the run got that far
 * (else the original request), and the error the state machine caught, if any.
 */
@Serdeable
public record FinishRequest(
        String outcome,
        @Nullable ExecutionDocument run,
        @Nullable RunRequest request,
        @Nullable Failure failure,
        @Nullable String executionId) {

    /** What Step Functions' Catch hands on: the error name and its cause. */
    @Serdeable
    public record Failure(@Nullable String Error, @Nullable String Cause) {
    }
}
