package io.filejobs.core.step;

/** A step that could not be carried out, with its typed reason. */
public class StepFailure extends RuntimeException {

    private final StepErrorCode code;

    public StepFailure(StepErrorCode code, String message) {
        this(code, message, null);
    }

    public StepFailure(StepErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public StepErrorCode code() {
        return code;
    }
}
