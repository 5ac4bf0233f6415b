package io.filejobs.core.trigger;

import io.filejobs.core.run.RunRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A schedule's firing at {@code time}. Its run is claimed when the execution starts, under an id
 * derived from the time, so a schedule delivered twice (EventBridge Scheduler delivers at least
 * once; the embedded scheduler catches up after a restart) runs once.
 */
public record ScheduleTrigger(Instant time) implements RunTrigger {

    static ScheduleTrigger of(RunRequest request) {
        try {
            return new ScheduleTrigger(Instant.parse(request.scheduledTime()));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("a scheduled run needs scheduledTime as an ISO-8601 instant, got " + request.scheduledTime());
        }
    }

    @Override
    public Trigger kind() {
        return Trigger.SCHEDULE;
    }

    @Override
    public String runId() {
        return RunIds.scheduled(time);
    }

    @Override
    public Instant logicalTime() {
        return time;
    }

    @Override
    public String scheduledTime() {
        return time.toString();
    }

    @Override
    public boolean claimsAtStart() {
        return true;
    }

    /** The input EventBridge Scheduler sends too: the time, and no run id, which the time derives. */
    @Override
    public RunRequest request(String jobId) {
        return new RunRequest(jobId, kind(), scheduledTime(), null, false, null);
    }
}
