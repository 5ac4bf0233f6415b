package io.filejobs.core.step;

/** Why a step failed. THROTTLED and TRANSIENT are worth retrying; the others fail the run at once. */
public enum StepErrorCode {
    SOURCE_NOT_FOUND,
    /** A step over an object set found none, and its selector says to fail then ({@code ifEmpty: FAIL}). */
    NO_OBJECTS,
    ACCESS_DENIED,
    BUCKET_NOT_ALLOWED,
    /** The store cannot hold an object under the key (the embedded store keeps objects as files). */
    KEY_NOT_SUPPORTED,
    PRECONDITION_FAILED,
    THROTTLED,
    TRANSIENT,
    TIMEOUT,
    INTERNAL;

    public boolean retryable() {
        return this == THROTTLED || this == TRANSIENT;
    }
}
