package io.filejobs.core.step;

import io.micronaut.core.annotation.Nullable;

/**
 * What one invocation of a step did: the bytes written (or deleted) so far, and, for a step that
 * goes on in another invocation, the state it continues from. That state is the action's own: any
 * serializable value, carried as JSON in the execution document and handed back unchanged.
 */
public record StepOutcome(long bytes, @Nullable Object continuation) {

    public static StepOutcome done(long bytes) {
        return new StepOutcome(bytes, null);
    }

    public static StepOutcome continueWith(long bytesSoFar, Object continuation) {
        return new StepOutcome(bytesSoFar, continuation);
    }

    public boolean finished() {
        return continuation == null;
    }
}
