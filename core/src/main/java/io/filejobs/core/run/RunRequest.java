package io.filejobs.core.run;

import io.filejobs.core.trigger.RunTrigger;
import io.filejobs.core.trigger.Trigger;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The input of every execution, whatever started it: the job, and the trigger in the fields its kind
 * reads ({@link RunTrigger#of}): a schedule's {@code scheduledTime}, a manual run's recorded
 * {@code runId}. {@code resume} asks to go on with a run that was recorded and interrupted (the
 * embedded runtime restarted) rather than to claim it again.
 */
@Serdeable
public record RunRequest(String jobId, Trigger trigger, @Nullable String scheduledTime, @Nullable String runId, boolean resume) {

    /** The input that goes on with a recorded run that was interrupted. */
    public static RunRequest resume(Run run) {
        return new RunRequest(run.jobId(), run.trigger(), run.scheduledTime(), run.runId(), true);
    }
}
