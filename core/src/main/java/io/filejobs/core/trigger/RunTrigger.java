package io.filejobs.core.trigger;

import io.filejobs.core.run.RunRequest;
import java.time.Instant;

/**
 * What started a run, and what follows from it: the run's id, which the same trigger always derives
 * again (so a duplicate delivery finds the run it already started), the logical time templates
 * see, and whether the run is claimed when its execution starts or was recorded before. A new kind
 * of trigger is one more record here, its registration ({@link TriggerRegistrations}) and tests.
 */
public sealed interface RunTrigger permits ManualTrigger, ScheduleTrigger, ObjectCreatedTrigger {

    /** The kind, as runs show it. */
    Trigger kind();

    /** The run's id: repeatable for the same trigger. */
    String runId();

    /** The time the run stands for: the scheduled time of a scheduled run, the request's time of a manual one, the event's time of an object-created one. */
    Instant logicalTime();

    /** The scheduled time a run of this trigger records, or null. */
    default String scheduledTime() {
        return null;
    }

    /** The object whose creation started the run, or null. */
    default TriggerObject triggerObject() {
        return null;
    }

    /**
     * Whether the run is created when its execution starts, so that a second execution of the same
     * trigger finds it and does nothing; otherwise it was recorded before its execution was launched.
     */
    boolean claimsAtStart();

    /** The input of the execution this trigger starts. */
    default RunRequest request(String jobId) {
        return new RunRequest(jobId, kind(), scheduledTime(), runId(), false, null);
    }

    /** The trigger an execution's input describes; an input its kind cannot read is refused, saying why. */
    static RunTrigger of(RunRequest request) {
        if (request.trigger() == null) {
            throw new IllegalArgumentException("a run request needs a trigger (MANUAL, SCHEDULE or OBJECT_CREATED)");
        }
        return switch (request.trigger()) {
            case MANUAL -> ManualTrigger.of(request);
            case SCHEDULE -> ScheduleTrigger.of(request);
            case OBJECT_CREATED -> ObjectCreatedTrigger.of(request);
        };
    }
}
