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
    /** A WAIT step got no callback within its timeout. */
    TIMEOUT,
    /** A WAIT step's callback answered FAILED. */
    CALLBACK_REJECTED,
    /** An HTTP step's host (or a redirect's) is not on the allowed hosts, or resolves to an address that is not allowed. */
    HOST_NOT_ALLOWED,
    /** An HTTP step's call was answered with a status its {@code expect} does not list. */
    UNEXPECTED_STATUS,
    /** The secret a step names does not exist. */
    SECRET_NOT_FOUND,
    /** The step was stopped because a step running beside it failed. */
    STOPPED,
    INTERNAL;

    public boolean retryable() {
        return this == THROTTLED || this == TRANSIENT;
    }
}
