package io.filejobs.core.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3FailuresTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "404, NoSuchKey,          SOURCE_NOT_FOUND",
        "404, NoSuchBucket,       SOURCE_NOT_FOUND",
        "403, AccessDenied,       ACCESS_DENIED",
        "412, PreconditionFailed, PRECONDITION_FAILED",
        "503, SlowDown,           THROTTLED",
        "429, TooManyRequests,    THROTTLED",
        "500, InternalError,      TRANSIENT",
        "503, ServiceUnavailable, TRANSIENT",
        "400, InvalidRequest,     INTERNAL",
    })
    void s3AnswersMapToTypedStepErrors(int status, String errorCode, StepErrorCode expected) {
        S3Exception e = (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(errorCode).serviceName("S3").build()).build();
        assertEquals(expected, S3Failures.classify(e, "testing").code());
    }

    @org.junit.jupiter.api.Test
    void networkFailuresAreTransientAndTimeoutsAreTimeouts() {
        assertEquals(StepErrorCode.TRANSIENT, S3Failures.classify(SdkClientException.create("connection reset"), "testing").code());
        assertEquals(StepErrorCode.TIMEOUT, S3Failures.classify(ApiCallTimeoutException.create(1000), "testing").code());
        assertEquals(true, StepErrorCode.THROTTLED.retryable());
        assertEquals(false, StepErrorCode.SOURCE_NOT_FOUND.retryable());
    }
}
