package io.filejobs.core.step;

/** Thrown out of a step task on a failure no retry can mend; the state machine fails the run. */
public class StepFailedException extends RuntimeException {

    public StepFailedException(String message) {
        super(message);
    }
}
