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
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;

/**
 * The plan routes: what a run of a stored job, or of a definition sent along, would do at a given
 * time ({@code at}, now by default), and for a job an object's creation starts, as if {@code object}
 * ({@code bucket/key}) had been created. A plan writes nothing.
 */
@Controller
public class PlanController {

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
    public JobPlan planJob(@PathVariable String id, @QueryValue @Nullable String at, @QueryValue @Nullable String object) {
        return plans.plan(id, at, object);
    }

    @Post("/plan")
    @Consumes(MediaType.APPLICATION_JSON)
    public JobPlan planDefinition(@Header(HttpHeaders.CONTENT_TYPE) @Nullable String contentType, @Body @Nullable byte[] body,
            @QueryValue @Nullable String at, @QueryValue @Nullable String object) {
        return plans.plan(reader.read(JobBodies.read(contentType, body, config.getLimits().getMaxBodyBytes())), at, object);
    }
}
