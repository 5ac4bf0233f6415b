package io.filejobs.core.step.http;

import io.filejobs.core.step.StepSpec;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP step: {@code method} (GET by default) to {@code url} (a template of the run's values;
 * its host written out), with {@code headers}, a JSON {@code body}, a bearer token from the secret
 * {@code auth.secret}, the statuses it {@code expect}s (200-299 by default), where the answer's body
 * is written ({@code outputTo}, {@code bucket/key}) and how long the call may take ({@code timeout}).
 */
public record HttpSpec(@Nullable String method, @Nullable String url, @Nullable Map<String, String> headers, @Nullable JsonNode body,
        @Nullable String authSecret, @Nullable List<Integer> expect, @Nullable String outputTo, @Nullable String timeout) implements StepSpec {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    @Override
    public String action() {
        return HttpAction.NAME;
    }

    public String methodOrDefault() {
        return method == null ? "GET" : method;
    }

    public Duration timeoutDuration() {
        return timeout == null ? DEFAULT_TIMEOUT : Duration.parse(timeout);
    }

    /** Whether the answer's status is one the step expects. */
    public boolean expects(int status) {
        return expect == null ? status >= 200 && status <= 299 : expect.contains(status);
    }

    public String expected() {
        return expect == null ? "200-299" : expect.toString();
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("method", method);
        fields.put("url", url);
        fields.put("headers", headers);
        fields.put("body", body);
        fields.put("auth", authSecret == null ? null : Map.of("secret", authSecret));
        fields.put("expect", expect);
        fields.put("outputTo", outputTo);
        fields.put("timeout", timeout);
        return fields;
    }
}
