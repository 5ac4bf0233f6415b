package io.filejobs.core.step.set;

import io.filejobs.core.step.ObjectCounts;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Where a step over an object set stands between two invocations: the last key it listed (every
 * matching object up to it is handled), the bytes handled and the objects counted so far, the
 * first few objects that failed (in words) and the code the step fails with if any did. Small
 * whatever the set's size, so it travels in the execution document.
 */
@Serdeable
public record SetProgress(String afterKey, long bytes, int invocations, @Nullable ObjectCounts objects, @Nullable List<String> firstFailed,
        @Nullable String failureCode) {

    public SetProgress {
        // Empty values are left out of the JSON, so they come back as null.
        afterKey = afterKey == null ? "" : afterKey;
        objects = objects == null ? ObjectCounts.NONE : objects;
        firstFailed = firstFailed == null ? List.of() : List.copyOf(firstFailed);
    }

    static final SetProgress START = new SetProgress("", 0, 0, ObjectCounts.NONE, List.of(), null);
}
