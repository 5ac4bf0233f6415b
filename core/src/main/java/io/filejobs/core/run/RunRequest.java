package io.filejobs.core.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The input of every execution, whatever started it. A scheduled run has no id yet (it derives
 * from the scheduled time); a manual run was recorded by the API, which passes its id.
 */
@Serdeable
public record RunRequest(String jobId, Trigger trigger, @Nullable String scheduledTime, @Nullable String runId) {
}
