package io.filejobs.app.auth;

import io.filejobs.app.error.ProblemResponses;
import io.filejobs.core.error.ErrorCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** Refuses every request but {@code GET /health} that lacks the right {@code x-api-key}. */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class ApiKeyFilter {

    public static final String HEADER = "x-api-key";

    private final ApiConfiguration config;
    private final ProblemResponses problems;

    public ApiKeyFilter(ApiConfiguration config, ProblemResponses problems) {
        this.config = config;
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> requireKey(HttpRequest<?> request) {
        if (config.getAuth() == ApiConfiguration.Auth.GATEWAY || request.getPath().equals("/health")) {
            return null;
        }
        String presented = request.getHeaders().get(HEADER);
        String expected = config.getKey();
        if (presented == null) {
            return problems.response(request, ErrorCode.UNAUTHORIZED, "send the API key in the x-api-key header", List.of());
        }
        if (expected == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            return problems.response(request, ErrorCode.UNAUTHORIZED, "the x-api-key header does not hold a valid API key", List.of());
        }
        return null;
    }
}
