package io.filejobs.core.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.filejobs.core.trigger.JobTrigger;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * What a user writes: the job's name, schedule, object-created triggers and ordered steps. Stored immutably, one object per
 * version; read back by {@link JobDefinitionReader}, as every step is read by its action.
 */
@Serdeable.Serializable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobDefinition(
        String name,
        @Nullable String description,
        @Nullable String schedule,
        String timezone,
        JobState state,
        List<Step> steps,
        @Nullable OverlapPolicy overlap,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<JobTrigger> triggers) {

    public static final String DEFAULT_TIMEZONE = "UTC";

    public JobDefinition {
        steps = List.copyOf(steps);
        // Definitions stored before the field existed read as the default.
        overlap = overlap == null ? OverlapPolicy.SKIP : overlap;
        triggers = triggers == null ? List.of() : List.copyOf(triggers);
    }

    /** A definition without object-created triggers. */
    public JobDefinition(String name, @Nullable String description, @Nullable String schedule, String timezone, JobState state,
            List<Step> steps, @Nullable OverlapPolicy overlap) {
        this(name, description, schedule, timezone, state, steps, overlap, List.of());
    }

    /** A definition with the default overlap policy, SKIP. */
    public JobDefinition(String name, @Nullable String description, @Nullable String schedule, String timezone, JobState state,
            List<Step> steps) {
        this(name, description, schedule, timezone, state, steps, OverlapPolicy.SKIP, List.of());
    }
}
