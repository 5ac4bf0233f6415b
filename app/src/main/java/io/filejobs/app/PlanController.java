package io.filejobs.app;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.job.JobDefinitionReader;
import io.filejobs.core.plan.JobPlan;
import io.filejobs.core.plan.PlanService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
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

/**
 * The plan routes: what a run of a stored job, or of a definition sent along, would do at a given
 * time ({@code at}, now by default), and for a job an object's creation starts, as if {@code object}
 * ({@code bucket/key}) had been created. A plan writes nothing.
 */
@Controller
@Tag(name = "plans")
@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "429", ref = "#/components/responses/RateLimited")
@ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
public class PlanController {

    static final String AT = "The run's logical time, ISO-8601 with offset; now when absent.";
    static final String OBJECT = "For a job an object's creation starts: plan as if this object (bucket/key) had been created.";

    private final PlanService plans;
    private final JobDefinitionReader reader;
    private final FileJobsConfiguration config;

    public PlanController(PlanService plans, JobDefinitionReader reader, FileJobsConfiguration config) {
        this.plans = plans;
        this.reader = reader;
        this.config = config;
    }

    @Post("/jobs/{id}/plan")
    @Consumes(MediaType.ALL)
    @Operation(operationId = "planJob", summary = "What a run of a job would do", description = "Writes nothing anywhere.")
    @ApiResponse(responseCode = "200", description = "The plan, step by step")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    public JobPlan planJob(@PathVariable String id, @Parameter(description = AT) @QueryValue @Nullable String at,
            @Parameter(description = OBJECT) @QueryValue @Nullable String object) {
        return plans.plan(id, at, object);
    }

    @Post("/plan")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "planDefinition", summary = "What a run of a definition would do", description = "The definition is not stored; nothing is written anywhere.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "#/components/schemas/JobDefinition")))
    @ApiResponse(responseCode = "200", description = "The plan, step by step")
    @ApiResponse(responseCode = "413", ref = "#/components/responses/PayloadTooLarge")
    @ApiResponse(responseCode = "415", ref = "#/components/responses/UnsupportedMediaType")
    public JobPlan planDefinition(@io.micronaut.http.annotation.Header(HttpHeaders.CONTENT_TYPE) @Nullable String contentType, @Body @Nullable byte[] body,
            @Parameter(description = AT) @QueryValue @Nullable String at, @Parameter(description = OBJECT) @QueryValue @Nullable String object) {
        return plans.plan(reader.read(JobBodies.read(contentType, body, config.getLimits().getMaxBodyBytes())), at, object);
    }
}
