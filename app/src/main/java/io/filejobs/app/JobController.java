package io.filejobs.app;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.job.Job;
import io.filejobs.core.job.JobDefinitionReader;
import io.filejobs.core.job.JobPage;
import io.filejobs.core.job.JobService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;

/** The job routes. Bodies are read raw so every shape and type error is reported with its field. */
@Controller("/jobs")
@Tag(name = "jobs")
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "429", ref = "#/components/responses/RateLimited")
@ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
public class JobController {

    static final String ETAG = "The version's strong entity tag; send it back in If-Match to change only that version.";
    static final String LIMIT = "The page size, 1 to 100 (20 when absent).";
    static final String CURSOR = "The previous page's nextCursor.";

    private final JobService jobs;
    private final JobDefinitionReader reader;
    private final FileJobsConfiguration config;

    public JobController(JobService jobs, JobDefinitionReader reader, FileJobsConfiguration config) {
        this.jobs = jobs;
        this.reader = reader;
        this.config = config;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createJob", summary = "Create a job",
            description = "Checks the definition at once (400 names each broken field), stores it and answers with the job; "
                    + "the checks that need AWS follow in the background (`validation.status` PENDING, then VALID or INVALID).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "#/components/schemas/JobDefinition")))
    @ApiResponse(responseCode = "201", description = "The job as stored",
            headers = {@Header(name = "Location", required = true, description = "/jobs/{id}", schema = @Schema(type = "string")), @Header(name = "ETag", required = true, description = ETAG, schema = @Schema(type = "string"))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Job.class)))
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "413", ref = "#/components/responses/PayloadTooLarge")
    @ApiResponse(responseCode = "415", ref = "#/components/responses/UnsupportedMediaType")
    public HttpResponse<Job> create(@io.micronaut.http.annotation.Header(HttpHeaders.CONTENT_TYPE) @Nullable String contentType, @Body @Nullable byte[] body) {
        Job job = jobs.create(reader.read(checkedBody(contentType, body)));
        return HttpResponse.created(job, URI.create("/jobs/" + job.id())).header(HttpHeaders.ETAG, job.etag());
    }

    @Get
    @Operation(operationId = "listJobs", summary = "List jobs", description = "In a stable order, a page at a time; pass `nextCursor` back as `cursor`.")
    @ApiResponse(responseCode = "200", description = "A page of jobs")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    public JobPage list(
            @Parameter(description = LIMIT, schema = @Schema(type = "integer", minimum = "1", maximum = "100")) @QueryValue @Nullable String limit,
            @Parameter(description = CURSOR) @QueryValue @Nullable String cursor) {
        return jobs.list(Paging.limit(limit), Paging.cursor(cursor));
    }

    @Get("/{id}")
    @Operation(operationId = "getJob", summary = "Read a job")
    @ApiResponse(responseCode = "200", description = "The job", headers = @Header(name = "ETag", required = true, description = ETAG, schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Job.class)))
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    public HttpResponse<Job> get(@PathVariable String id) {
        Job job = jobs.get(id);
        return HttpResponse.ok(job).header(HttpHeaders.ETAG, job.etag());
    }

    @Put("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceJob", summary = "Replace a job's definition", description = "With `If-Match`, only if the job is still at that version.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "#/components/schemas/JobDefinition")))
    @ApiResponse(responseCode = "200", description = "The job's new version", headers = @Header(name = "ETag", required = true, description = ETAG, schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Job.class)))
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @ApiResponse(responseCode = "412", ref = "#/components/responses/PreconditionFailed")
    @ApiResponse(responseCode = "413", ref = "#/components/responses/PayloadTooLarge")
    @ApiResponse(responseCode = "415", ref = "#/components/responses/UnsupportedMediaType")
    public HttpResponse<Job> replace(@PathVariable String id, @io.micronaut.http.annotation.Header(HttpHeaders.CONTENT_TYPE) @Nullable String contentType,
            @Body @Nullable byte[] body, @io.micronaut.http.annotation.Header(HttpHeaders.IF_MATCH) @Nullable String ifMatch) {
        Job job = jobs.replace(id, reader.read(checkedBody(contentType, body)), ifMatch);
        return HttpResponse.ok(job).header(HttpHeaders.ETAG, job.etag());
    }

    @Delete("/{id}")
    @Operation(operationId = "deleteJob", summary = "Delete a job and its schedule", description = "With `If-Match`, only if the job is still at that version.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @ApiResponse(responseCode = "412", ref = "#/components/responses/PreconditionFailed")
    public HttpResponse<Void> delete(@PathVariable String id, @io.micronaut.http.annotation.Header(HttpHeaders.IF_MATCH) @Nullable String ifMatch) {
        jobs.delete(id, ifMatch);
        return HttpResponse.noContent();
    }

    private byte[] checkedBody(@Nullable String contentType, @Nullable byte[] body) {
        return JobBodies.read(contentType, body, config.getLimits().getMaxBodyBytes());
    }
}
