package io.filejobs.core.trigger;

import io.filejobs.core.run.RunRequest;
import java.time.Instant;

/** A run asked for through the API: recorded QUEUED before its execution starts, under a fresh id. */
public record ManualTrigger(String runId) implements RunTrigger {

    public ManualTrigger {
        if (!RunIds.isWellFormed(runId)) {
            throw new IllegalArgumentException("a manual run needs its recorded runId, got " + runId);
        }
    }

    /** A new manual run requested at {@code now}. */
    public static ManualTrigger at(Instant now) {
        return new ManualTrigger(RunIds.manual(now));
    }

    static ManualTrigger of(RunRequest request) {
        return new ManualTrigger(request.runId());
    }

    @Override
    public Trigger kind() {
        return Trigger.MANUAL;
    }

    @Override
    public Instant logicalTime() {
        return RunIds.timeOf(runId);
    }

    @Override
    public boolean claimsAtStart() {
        return false;
    }
}
