package io.filejobs.local;

import io.filejobs.app.error.ProblemResponses;
import io.filejobs.core.error.ErrorCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.List;

/**
 * On the embedded runtime's HTTP server, a request whose URL cannot be decoded (a stray {@code %},
 * {@code %zz}) reaches the filters as a stand-in the server made for it, which has no headers at
 * all, not even the Host every HTTP/1.1 request carries. It is answered 400 MALFORMED_REQUEST here,
 * before the key check would answer 401 for the key the stand-in lost.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class MalformedRequestFilter {

    private final ProblemResponses problems;

    public MalformedRequestFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> refuseUnreadable(HttpRequest<?> request) {
        if (!request.getHeaders().isEmpty()) {
            return null;
        }
        return problems.response(request, ErrorCode.MALFORMED_REQUEST,
                "the request could not be read: its URL is malformed (check its percent-encoding) or it has no headers", List.of());
    }
}
