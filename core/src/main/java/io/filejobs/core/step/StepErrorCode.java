package io.filejobs.core.step;

/** Why a step failed. THROTTLED, TRANSIENT and REMOTE_UNAVAILABLE are worth retrying; the others fail the run at once. */
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
    /** An IMPORT's or EXPORT's remote file or directory does not exist (or the server will not say it does). */
    REMOTE_NOT_FOUND,
    /** A remote server refused the secret's credentials, or is not the server the step pins (host key, certificate). */
    REMOTE_AUTH_FAILED,
    /** A remote server could not be reached, or dropped the connection: worth another try. */
    REMOTE_UNAVAILABLE,
    /** The step was stopped because a step running beside it failed. */
    STOPPED,
    INTERNAL;

    public boolean retryable() {
        return this == THROTTLED || this == TRANSIENT || this == REMOTE_UNAVAILABLE;
    }
}
