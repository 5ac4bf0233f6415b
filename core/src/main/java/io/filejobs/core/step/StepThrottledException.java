package io.filejobs.core.step;

/** Thrown out of a step task when S3 throttled it; the state machine retries it with backoff. */
public class StepThrottledException extends RuntimeException {

    public StepThrottledException(String message) {
        super(message);
    }
}
