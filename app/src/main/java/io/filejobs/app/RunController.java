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
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;

/** The run routes: start a run now, read a job's run history, read one run, answer a WAIT step, read a set step's objects. */
@Controller("/jobs/{id}/runs")
@Tag(name = "runs")
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
@ApiResponse(responseCode = "429", ref = "#/components/responses/RateLimited")
@ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
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
    @Operation(operationId = "startRun", summary = "Run a job now", description = "Asynchronously; the answer is the run as queued. "
            + "A request sent again with the same Idempotency-Key answers with the same run.")
    @ApiResponse(responseCode = "202", description = "The run as queued",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Location", required = true, description = "/jobs/{id}/runs/{runId}", schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Run.class)))
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    public HttpResponse<Run> start(@PathVariable String id,
            @Parameter(description = "Makes a retried request start one run, not two.") @io.micronaut.http.annotation.Header("Idempotency-Key") @Nullable String idempotencyKey) {
        Run run = runs.startManual(id, idempotencyKey);
        return HttpResponse.accepted(URI.create("/jobs/" + id + "/runs/" + run.runId())).body(run);
    }

    @Get
    @Operation(operationId = "listRuns", summary = "A job's run history", description = "Newest first, a page at a time.")
    @ApiResponse(responseCode = "200", description = "A page of runs")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    public RunPage list(@PathVariable String id,
            @Parameter(description = JobController.LIMIT, schema = @Schema(type = "integer", minimum = "1", maximum = "100")) @QueryValue @Nullable String limit,
            @Parameter(description = JobController.CURSOR) @QueryValue @Nullable String cursor) {
        return runs.list(id, Paging.limit(limit), Paging.cursor(cursor));
    }

    @Get("/{runId}")
    @Operation(operationId = "getRun", summary = "One run with its steps")
    @ApiResponse(responseCode = "200", description = "The run")
    public Run get(@PathVariable String id, @PathVariable String runId) {
        return runs.get(id, runId);
    }

    /**
     * Answers a WAIT step that shows WAITING: {@code {"outcome": "SUCCEEDED" | "FAILED", "message": ..., "output": {...}}}.
     * 200 with the step as it now stands; 409 ALREADY_DONE for a second answer, NOT_WAITING for a step that does not wait.
     */
    @Post("/{runId}/steps/{stepId}/callback")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "answerCallback", summary = "Answer a WAIT step", description = "Resumes the run: SUCCEEDED lets it go on, FAILED fails the step.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "#/components/schemas/CallbackAnswer")))
    @ApiResponse(responseCode = "200", description = "The step as it now stands")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @ApiResponse(responseCode = "413", ref = "#/components/responses/PayloadTooLarge")
    @ApiResponse(responseCode = "415", ref = "#/components/responses/UnsupportedMediaType")
    public StepRun callback(@PathVariable String id, @PathVariable String runId, @PathVariable String stepId,
            @io.micronaut.http.annotation.Header(HttpHeaders.CONTENT_TYPE) @Nullable String contentType, @Body @Nullable byte[] body) {
        return callbacks.answer(id, runId, stepId, JobBodies.read(contentType, body, config.getLimits().getMaxBodyBytes()));
    }

    /** What a set step did to each of its objects, in key order; {@code status} picks SUCCEEDED, FAILED or SKIPPED. */
    @Get("/{runId}/steps/{stepId}/objects")
    @Operation(operationId = "listStepObjects", summary = "What a set step did to each object", description = "In key order, a page at a time.")
    @ApiResponse(responseCode = "200", description = "A page of the step's objects")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    public ObjectPage objects(@PathVariable String id, @PathVariable String runId, @PathVariable String stepId,
            @Parameter(description = "Only the objects with this outcome.", schema = @Schema(type = "string", allowableValues = {"SUCCEEDED", "FAILED", "SKIPPED"}))
            @QueryValue @Nullable String status,
            @Parameter(description = "The page size, 1 to 1000 (100 when absent).", schema = @Schema(type = "integer", minimum = "1", maximum = "1000"))
            @QueryValue @Nullable String limit,
            @Parameter(description = JobController.CURSOR) @QueryValue @Nullable String cursor) {
        return runs.objects(id, runId, stepId, status == null || status.isEmpty() ? null : status,
                Paging.limit(limit, OBJECTS_PAGE, RunService.MAX_OBJECTS_PAGE), Paging.cursor(cursor));
    }
}
