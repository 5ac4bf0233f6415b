package io.filejobs.core.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One run of a job, pinned to the definition version it executes.
 *
 * @param definitionKey where that version's definition is kept; internal, not shown by the API
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Run(
        String runId,
        String jobId,
        long jobVersion,
        Trigger trigger,
        @Nullable String scheduledTime,
        RunStatus status,
        String queuedAt,
        @Nullable String startedAt,
        @Nullable String finishedAt,
        List<StepRun> steps,
        @Nullable RunError error,
        @JsonIgnore String definitionKey) {

    public Run {
        steps = List.copyOf(steps);
    }
}
