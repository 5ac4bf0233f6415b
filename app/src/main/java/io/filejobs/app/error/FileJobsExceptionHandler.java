package io.filejobs.app.error;

import io.filejobs.core.error.FileJobsException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Turns a typed refusal from core into its problem response. */
@Produces
@Singleton
@Requires(classes = {FileJobsException.class, ExceptionHandler.class})
public class FileJobsExceptionHandler implements ExceptionHandler<FileJobsException, HttpResponse<String>> {

    private final ProblemResponses problems;

    public FileJobsExceptionHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<String> handle(HttpRequest request, FileJobsException exception) {
        return problems.response(request, exception.code(), exception.getMessage(), exception.errors());
    }
}
