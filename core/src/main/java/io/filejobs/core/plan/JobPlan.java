package io.filejobs.core.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.filejobs.core.step.PlanContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * What a run of a job would do, worked out without writing anything: when the run would be (its
 * logical time, which fills the templates, and an example of its id), and each step's plan.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobPlan(@Nullable String jobId, String name, String logicalTime, String timezone, String runId, List<StepPlan> steps,
        List<String> warnings) {

    /**
     * One step's plan. {@code status} is WOULD_SUCCEED, WOULD_FAIL (with {@code error}: the store as
     * it stands now would fail it), WOULD_SKIP_RUN (an empty set that says SKIP) or NOT_REACHED (an
     * earlier step would end the run; planned all the same, as if that step had done nothing).
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepPlan(int id, String name, String action, String status,
            @Schema(ref = "#/components/schemas/ResolvedFields") Map<String, Object> resolved, Objects objects,
            Map<String, Long> requests, @Nullable MergeBytes merge, @Nullable Error error, List<String> warnings) {
    }

    /** The objects a step would handle: how many, the bytes the step would report, and the first few with where they would go. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Objects(long count, long bytes, List<PlanContext.Pair> first) {
    }

    /** A MERGE's bytes: copied inside S3 (UploadPartCopy), and read and sent by the worker. */
    @Serdeable
    public record MergeBytes(long copiedInS3, long throughWorker) {
    }

    /** Why a step would fail or skip its run. */
    @Serdeable
    public record Error(String code, String message) {
    }
}
