package io.filejobs.app.error;

import io.filejobs.core.error.ErrorCode;
import io.micronaut.context.annotation.Primary;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the errors the framework raises itself (no such route, wrong method, unsupported media
 * type, body too large, unreadable body) as problems with FileJobs codes. A server fault never
 * shows its internals to the client.
 */
@Primary
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<String> {

    protected final ProblemResponses problems;

    public ProblemErrorResponseProcessor(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public MutableHttpResponse<String> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        ErrorCode code = ErrorCode.forStatus(response.code());
        String detail;
        if (code.status() >= 500) {
            detail = "the server could not complete the request; it has been logged";
        } else if (context.hasErrors()) {
            detail = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        } else {
            detail = code.title();
        }
        if (code == ErrorCode.ROUTE_NOT_FOUND) {
            detail = "no route " + context.getRequest().getMethodName() + " " + context.getRequest().getPath();
        }
        return problems.fill(response, context.getRequest(), code, detail, List.of());
    }
}
