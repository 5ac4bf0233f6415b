package io.filejobs.app;

import io.filejobs.core.run.ObjectPage;
import io.filejobs.core.run.Run;
import io.filejobs.core.run.RunPage;
import io.filejobs.core.run.RunService;
import io.filejobs.core.run.StepCallbacks;
import io.filejobs.core.run.StepRun;
import io.filejobs.core.config.FileJobsConfiguration;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.annotation.Body;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.net.URI;

/** The run routes: start a run now, read a job's run history, read one run, answer a WAIT step, read a set step's objects. */
@Controller("/jobs/{id}/runs")
public class RunController {

    /** The default page of a step's objects. */
    static final int OBJECTS_PAGE = 100;

    private final RunService runs;
    private final StepCallbacks callbacks;
    private final FileJobsConfiguration config;

    public RunController(RunService runs, StepCallbacks callbacks, FileJobsConfiguration config) {
        this.runs = runs;
        this.callbacks = callbacks;
        this.config = config;
    }

    @Post
    @Consumes(MediaType.ALL)
    public HttpResponse<Run> start(@PathVariable String id, @Header("Idempotency-Key") @Nullable String idempotencyKey) {
        Run run = runs.startManual(id, idempotencyKey);
        return HttpResponse.accepted(URI.create("/jobs/" + id + "/runs/" + run.runId())).body(run);
    }

    @Get
    public RunPage list(@PathVariable String id, @QueryValue @Nullable String limit, @QueryValue @Nullable String cursor) {
        return runs.list(id, Paging.limit(limit), Paging.cursor(cursor));
    }

    @Get("/{runId}")
    public Run get(@PathVariable String id, @PathVariable String runId) {
        return runs.get(id, runId);
    }

    /**
     * Answers a WAIT step that shows WAITING: {@code {"outcome": "SUCCEEDED" | "FAILED", "message": ..., "output": {...}}}.
     * 200 with the step as it now stands; 409 ALREADY_DONE for a second answer, NOT_WAITING for a step that does not wait.
     */
    @Post("/{runId}/steps/{stepId}/callback")
    @Consumes(MediaType.APPLICATION_JSON)
    public StepRun callback(@PathVariable String id, @PathVariable String runId, @PathVariable String stepId,
            @Header(HttpHeaders.CONTENT_TYPE) @Nullable String contentType, @Body @Nullable byte[] body) {
        return callbacks.answer(id, runId, stepId, JobBodies.read(contentType, body, config.getLimits().getMaxBodyBytes()));
    }

    /** What a set step did to each of its objects, in key order; {@code status} picks SUCCEEDED, FAILED or SKIPPED. */
    @Get("/{runId}/steps/{stepId}/objects")
    public ObjectPage objects(@PathVariable String id, @PathVariable String runId, @PathVariable String stepId,
            @QueryValue @Nullable String status, @QueryValue @Nullable String limit, @QueryValue @Nullable String cursor) {
        return runs.objects(id, runId, stepId, status == null || status.isEmpty() ? null : status,
                Paging.limit(limit, OBJECTS_PAGE, RunService.MAX_OBJECTS_PAGE), Paging.cursor(cursor));
    }
}
