package io.filejobs.app.error;

import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.error.FieldError;
import io.filejobs.core.job.JobValidation;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * Builds every error response the API sends: {@code application/problem+json} with a stable code.
 * The body is serialized here, so no codec negotiation can turn an error into a second error.
 */
@Singleton
public class ProblemResponses {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:filejobs:problem:";
    /** The most field errors one answer lists, so that a body of many broken rules gets a small answer. */
    public static final int MAX_LISTED_ERRORS = JobValidation.MAX_LISTED_ERRORS;

    private final JsonMapper json;

    public ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    public MutableHttpResponse<String> response(HttpRequest<?> request, ErrorCode code, String detail, List<FieldError> errors) {
        return fill(HttpResponse.status(HttpStatus.valueOf(code.status())), request, code, detail, errors);
    }

    /** Writes the problem into a response the framework already started (keeping its status and headers). */
    public MutableHttpResponse<String> fill(MutableHttpResponse<?> response, HttpRequest<?> request, ErrorCode code,
            String detail, List<FieldError> errors) {
        Problem problem = new Problem(
                TYPE_PREFIX + code.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                code.title(),
                code.status(),
                detail,
                code.name(),
                request == null ? null : request.getPath(),
                errors.isEmpty() ? null : errors.subList(0, Math.min(errors.size(), MAX_LISTED_ERRORS)),
                errors.size() > MAX_LISTED_ERRORS ? errors.size() : null);
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MutableHttpResponse<String> typed = response.status(code.status()).body(body);
        typed.getHeaders().set(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON);
        return typed;
    }
}
