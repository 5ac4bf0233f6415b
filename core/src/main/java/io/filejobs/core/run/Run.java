package io.filejobs.core.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobRecord;
import io.filejobs.core.template.TemplateValues;
import io.filejobs.core.trigger.RunTrigger;
import io.filejobs.core.trigger.Trigger;
import io.filejobs.core.trigger.TriggerObject;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.ZoneId;
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
        @Nullable TriggerObject triggerObject,
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

    /**
     * What this run's templates are filled with: its trigger's logical time in the job's zone, its
     * id, the job's name, and in a run an object's creation started, that object (its key after the
     * prefix of the first of the job's triggers that takes it).
     */
    public TemplateValues templateValues(JobDefinition definition) {
        TemplateValues values = new TemplateValues(RunTrigger.of(RunRequest.resume(this)).logicalTime(), ZoneId.of(definition.timezone()),
                runId, definition.name()).withNamedSourceTemplates(!definition.triggers().isEmpty());
        if (triggerObject == null) {
            return values;
        }
        String key = triggerObject.key();
        String relativeKey = definition.triggers().stream().filter(t -> t.matches(triggerObject.bucket(), key)).findFirst()
                .map(t -> key.substring(t.keyPrefix().length())).orElse(key);
        return values.withTrigger(new TemplateValues.Triggering(triggerObject.bucket(), key, relativeKey));
    }

    /** The run as the API shows it: a RUNNING run with a step waiting for its callback is WAITING. */
    public Run shown() {
        if (status == RunStatus.RUNNING && steps.stream().anyMatch(StepRun::waiting)) {
            return new Run(runId, jobId, jobVersion, trigger, scheduledTime, triggerObject, RunStatus.WAITING, queuedAt, startedAt, finishedAt,
                    steps, error, definitionKey);
        }
        return this;
    }

    /** A QUEUED run of the job's current version, with every step PENDING. */
    public static Run queued(JobRecord job, JobDefinition definition, RunTrigger trigger, String queuedAt) {
        List<StepRun> steps = definition.steps().stream()
                .map(s -> new StepRun(s.id(), s.name(), s.action(), StepRun.PENDING, null, null, null, null, 0)).toList();
        return new Run(trigger.runId(), job.id(), job.version(), trigger.kind(), trigger.scheduledTime(), trigger.triggerObject(),
                RunStatus.QUEUED, queuedAt, null,
                null, steps, null, job.definitionKey());
    }
}
