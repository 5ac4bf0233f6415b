package io.filejobs.core.step;

/** Thrown out of a step task on a passing fault (network, 5xx); the state machine retries it with backoff. */
public class StepTransientException extends RuntimeException {

    public StepTransientException(String message) {
        super(message);
    }
}
