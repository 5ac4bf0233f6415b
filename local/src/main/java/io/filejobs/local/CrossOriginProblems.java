package io.filejobs.local;

import io.filejobs.app.error.ProblemResponses;
import io.filejobs.core.error.ErrorCode;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.List;

/**
 * The embedded runtime listens on 127.0.0.1, and its server refuses a request from a web page of
 * another origin (a drive-by request to localhost) with an empty 403. This gives that refusal a
 * problem body with a code, like every other error. It wraps the server's CORS check, so it runs first.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CrossOriginProblems {

    private final ProblemResponses problems;

    public CrossOriginProblems(ProblemResponses problems) {
        this.problems = problems;
    }

    @ResponseFilter
    public void describeRefusal(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.getStatus() == HttpStatus.FORBIDDEN && response.getBody().isEmpty() && request.getHeaders().contains(HttpHeaders.ORIGIN)) {
            problems.fill(response, request, ErrorCode.ORIGIN_NOT_ALLOWED, "requests from web pages of another origin ("
                    + request.getHeaders().get(HttpHeaders.ORIGIN) + ") are refused: the embedded runtime serves this machine only", List.of());
        }
    }
}
