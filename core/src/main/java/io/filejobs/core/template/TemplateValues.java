package io.filejobs.core.template;

import java.time.Instant;
import java.time.ZoneId;

/**
 * What a run's templates are filled with: the run's logical time (a scheduled run's scheduled time,
 * a manual run's request) in the job's time zone, the run's id and the job's name.
 */
public record TemplateValues(Instant logicalTime, ZoneId zone, String runId, String jobName) {
}
