package io.filejobs.core.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.filejobs.core.trigger.JobTrigger;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A job as the API shows it: the user's definition plus the fields the server owns. */
@Serdeable.Serializable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Job(
        String id,
        String name,
        @Nullable String description,
        @Nullable String schedule,
        String timezone,
        JobState state,
        List<Step> steps,
        OverlapPolicy overlap,
        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonInclude(JsonInclude.Include.NON_EMPTY) List<JobTrigger> triggers,
        long version,
        String createdAt,
        String updatedAt,
        JobValidation validation,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<String> nextRuns) {

    public static Job of(JobRecord record, JobDefinition definition, List<String> nextRuns) {
        return new Job(record.id(), definition.name(), definition.description(), definition.schedule(),
                definition.timezone(), definition.state(), definition.steps(), definition.overlap(), definition.triggers(), record.version(),
                record.createdAt().toString(), record.updatedAt().toString(), record.validation(), List.copyOf(nextRuns));
    }

    /** The strong entity tag of this version. */
    public String etag() {
        return JobRecord.etagOf(version);
    }
}
