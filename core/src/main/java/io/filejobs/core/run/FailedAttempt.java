package io.filejobs.core.run;

import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepFailedException;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.step.StepThrottledException;
import io.filejobs.core.step.StepTransientException;

/**
 * One failed attempt at a step or a shard, and what the state machine is told of it: a failure that
 * may pass (TRANSIENT, THROTTLED) on an attempt below {@code filejobs.steps.max-attempts} is thrown
 * as the error its Retry names, so it is tried again; any other is final and fails the run.
 */
record FailedAttempt(StepFailure failure, boolean again) {

    static FailedAttempt of(StepFailure failure, int attempt, int maxAttempts) {
        return new FailedAttempt(failure, failure.code().retryable() && attempt < maxAttempts);
    }

    /** The error for the state machine, with {@code message} after the code. */
    RuntimeException toThrow(String message) {
        String text = failure.code() + ": " + message;
        if (!again) {
            return new StepFailedException(text);
        }
        return failure.code() == StepErrorCode.THROTTLED ? new StepThrottledException(text) : new StepTransientException(text);
    }
}
