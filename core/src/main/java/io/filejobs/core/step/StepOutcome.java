package io.filejobs.core.step;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * What one invocation of a step did: the bytes written (or deleted) so far, and, for a step that
 * goes on in another invocation, the state it continues from. That state is the action's own: any
 * serializable value, carried as JSON in the execution document and handed back unchanged. A step
 * may also end its run as SKIPPED ({@code skipRun}, the reason): a set that was empty when its
 * selector says so. The run's later steps do not run, and no alert is sent. A set step also
 * reports how its objects stand ({@code objects}).
 */
public record StepOutcome(long bytes, @Nullable Object continuation, @Nullable String skipRun, @Nullable ObjectCounts objects,
        @Nullable List<String> shardBounds) {

    public static StepOutcome done(long bytes) {
        return new StepOutcome(bytes, null, null, null, null);
    }

    public static StepOutcome continueWith(long bytesSoFar, Object continuation) {
        return new StepOutcome(bytesSoFar, continuation, null, null, null);
    }

    /** The step ends its run as SKIPPED, for the given reason. */
    public static StepOutcome skipRun(String reason) {
        return new StepOutcome(0, null, reason, null, null);
    }

    /**
     * The step is too large for one worker: it is to be split into shards that run side by side,
     * cut at {@code bounds} (each the last key of a shard; the last shard runs to the set's end).
     */
    public static StepOutcome shard(List<String> bounds) {
        return new StepOutcome(0, null, null, null, List.copyOf(bounds));
    }

    /** This outcome with the counts of a set step's objects so far. */
    public StepOutcome withObjects(ObjectCounts counts) {
        return new StepOutcome(bytes, continuation, skipRun, counts, shardBounds);
    }

    public boolean finished() {
        return continuation == null;
    }
}
