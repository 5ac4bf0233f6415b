package io.filejobs.app;

import io.filejobs.core.run.ObjectPage;
import io.filejobs.core.run.Run;
import io.filejobs.core.run.RunPage;
import io.filejobs.core.run.RunService;
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

/** The run routes: start a run now, read a job's run history, read one run, read a set step's objects. */
@Controller("/jobs/{id}/runs")
public class RunController {

    /** The default page of a step's objects. */
    static final int OBJECTS_PAGE = 100;

    private final RunService runs;

    public RunController(RunService runs) {
        this.runs = runs;
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

    /** What a set step did to each of its objects, in key order; {@code status} picks SUCCEEDED, FAILED or SKIPPED. */
    @Get("/{runId}/steps/{stepId}/objects")
    public ObjectPage objects(@PathVariable String id, @PathVariable String runId, @PathVariable String stepId,
            @QueryValue @Nullable String status, @QueryValue @Nullable String limit, @QueryValue @Nullable String cursor) {
        return runs.objects(id, runId, stepId, status == null || status.isEmpty() ? null : status,
                Paging.limit(limit, OBJECTS_PAGE, RunService.MAX_OBJECTS_PAGE), Paging.cursor(cursor));
    }
}
