package io.filejobs.core.step;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns what S3 answered into a typed step failure that says which object or bucket was involved. */
public final class S3Failures {

    private S3Failures() {
    }

    /**
     * @param e what the SDK threw
     * @param doing what the step was doing, for the message, such as "copying bucket1/a to bucket2/b"
     */
    public static StepFailure classify(SdkException e, String doing) {
        // An S3 answer to a request made while streaming another request's body arrives wrapped.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof AwsServiceException inner) {
                return classify(inner, doing);
            }
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new StepFailure(StepErrorCode.TIMEOUT, "S3 did not answer in time while " + doing, e);
        }
        if (e instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
            int status = aws.statusCode();
            if (aws.isThrottlingException() || "SlowDown".equals(code)) {
                return new StepFailure(StepErrorCode.THROTTLED, "S3 is throttling requests while " + doing, e);
            }
            if ("NoSuchBucket".equals(code)) {
                return new StepFailure(StepErrorCode.SOURCE_NOT_FOUND, "a bucket does not exist while " + doing, e);
            }
            if (status == 404) {
                return new StepFailure(StepErrorCode.SOURCE_NOT_FOUND, "the object does not exist while " + doing, e);
            }
            if (status == 403) {
                return new StepFailure(StepErrorCode.ACCESS_DENIED, "access denied while " + doing + " (" + code + ")", e);
            }
            if (status == 412) {
                return new StepFailure(StepErrorCode.PRECONDITION_FAILED, "the object changed while " + doing, e);
            }
            if (status >= 500) {
                return new StepFailure(StepErrorCode.TRANSIENT, "S3 answered " + status + " while " + doing, e);
            }
            return new StepFailure(StepErrorCode.INTERNAL, "S3 refused the request (" + status + " " + code + ") while " + doing, e);
        }
        if (e instanceof SdkClientException) {
            return new StepFailure(StepErrorCode.TRANSIENT, "S3 could not be reached while " + doing + ": " + e.getMessage(), e);
        }
        return new StepFailure(StepErrorCode.INTERNAL, "unexpected failure while " + doing + ": " + e.getMessage(), e);
    }
}
