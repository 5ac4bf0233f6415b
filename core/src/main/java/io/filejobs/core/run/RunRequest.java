package io.filejobs.core.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.filejobs.core.trigger.RunTrigger;
import io.filejobs.core.trigger.Trigger;
import io.filejobs.core.trigger.TriggerObject;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The input of every execution, whatever started it: the job, and the trigger in the fields its kind
 * reads ({@link RunTrigger#of}): a schedule's {@code scheduledTime}, a manual run's recorded
 * {@code runId}, an object-created run's {@code triggerObject}. {@code resume} asks to go on with a
 * run that was recorded and interrupted (the embedded runtime restarted) rather than to claim it again.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRequest(String jobId, Trigger trigger, @Nullable String scheduledTime, @Nullable String runId, boolean resume,
        @Nullable TriggerObject triggerObject) {

    /** The input of a manual or scheduled run, which carries no object. */
    public RunRequest(String jobId, Trigger trigger, @Nullable String scheduledTime, @Nullable String runId, boolean resume) {
        this(jobId, trigger, scheduledTime, runId, resume, null);
    }

    /**
     * The name of the execution that runs this request: the run's id, which its trigger derives
     * when the input does not carry it. An object-created run's id is prefixed with the job's id,
     * since one object may start a run of each of several jobs and execution names are unique per
     * state machine. A run started again (a queued run whose turn came) ends in {@code -r}: its
     * first execution, which left it waiting, holds the plain name.
     */
    public String executionName() {
        String id = runId != null ? runId : RunTrigger.of(this).runId();
        String name = trigger == Trigger.OBJECT_CREATED ? jobId + "-" + id : id;
        return resume ? name + "-r" : name;
    }

    /** The input that goes on with a recorded run that was interrupted. */
    public static RunRequest resume(Run run) {
        return new RunRequest(run.jobId(), run.trigger(), run.scheduledTime(), run.runId(), true, run.triggerObject());
    }
}
