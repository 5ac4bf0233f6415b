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
import java.util.Optional;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.micronaut.servlet.http.ServletHttpRequest;

/**
 * Refuses every request that lacks the right {@code x-api-key}, except those for {@code /health},
 * the API's description ({@code /openapi.yml}, {@code /docs}) and the console's files
 * ({@code /console}), none of which carry data; in GATEWAY mode, refuses every event that did not
 * pass this deployment's API Gateway key check.
 */
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
        if (isPublic(request.getPath())) {
            return null;
        }
        if (config.getAuth() == ApiConfiguration.Auth.GATEWAY) {
            return gatewayProblem(request)
                    .map(why -> problems.response(request, ErrorCode.UNAUTHORIZED, why, List.of()))
                    .orElse(null);
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

    /** The paths that carry no data and need no key. */
    static boolean isPublic(String path) {
        return path.equals("/health") || path.equals("/openapi.yml") || path.equals("/docs") || path.startsWith("/docs/res/")
                || path.equals("/console") || path.startsWith("/console/");
    }

    /**
     * Why an event did not come through this deployment's API Gateway key check, or empty when it
     * did. A principal allowed to invoke the function directly, or API Gateway's console test
     * (which skips the key check), sends events without these marks.
     */
    private Optional<String> gatewayProblem(HttpRequest<?> request) {
        if (!(request instanceof ServletHttpRequest<?, ?> servlet) || !(servlet.getNativeRequest() instanceof APIGatewayProxyRequestEvent event)
                || event.getRequestContext() == null) {
            return Optional.of("this API is served only through API Gateway, which checks the x-api-key header");
        }
        APIGatewayProxyRequestEvent.ProxyRequestContext context = event.getRequestContext();
        String key = context.getIdentity() == null ? null : context.getIdentity().getApiKey();
        if (key == null || key.isBlank() || key.startsWith("test-invoke-")) {
            return Optional.of("the request did not pass API Gateway's API key check; send the key in the x-api-key header");
        }
        if (config.getGatewayApiId() != null && !config.getGatewayApiId().equals(context.getApiId())) {
            return Optional.of("the request came through another API than this deployment's");
        }
        if (config.getGatewayStage() != null && !config.getGatewayStage().equals(context.getStage())) {
            return Optional.of("the request came through another stage than this deployment's");
        }
        return Optional.empty();
    }
}
