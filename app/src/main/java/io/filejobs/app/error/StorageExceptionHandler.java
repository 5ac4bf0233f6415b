package io.filejobs.app.error;

import io.filejobs.core.error.ErrorCode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * S3 or DynamoDB failed under a request. Throttling is the client's cue to retry later (503 with
 * Retry-After); anything else is a server fault, logged with its cause and answered 500 INTERNAL.
 */
@Produces
@Singleton
public class StorageExceptionHandler implements ExceptionHandler<SdkException, HttpResponse<String>> {

    private static final Logger LOG = LoggerFactory.getLogger(StorageExceptionHandler.class);

    private final ProblemResponses problems;

    public StorageExceptionHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<String> handle(HttpRequest request, SdkException exception) {
        boolean throttled = exception instanceof AwsServiceException aws && aws.isThrottlingException();
        if (throttled || exception.retryable()) {
            LOG.warn("storage is throttling or unavailable under {} {}: {}", request.getMethodName(), request.getPath(), exception.toString());
            return problems.response(request, ErrorCode.SERVICE_UNAVAILABLE, "storage is busy; retry after a short wait", List.of())
                    .header("Retry-After", "1");
        }
        LOG.error("storage failed under {} {}", request.getMethodName(), request.getPath(), exception);
        return problems.response(request, ErrorCode.INTERNAL, "the server could not complete the request; it has been logged", List.of());
    }
}
