package io.filejobs.core.step;

import io.micronaut.serde.annotation.Serdeable;

/**
 * How the objects of a set step stand: how many the set held, and how many of them the step
 * copied, moved or deleted ({@code succeeded}), could not handle ({@code failed}) or found it had
 * nothing to do for ({@code skipped}). Every object is counted once, whatever the attempts.
 */
@Serdeable
public record ObjectCounts(long total, long succeeded, long failed, long skipped) {

    public static final ObjectCounts NONE = new ObjectCounts(0, 0, 0, 0);

    /** These counts with one more object in the given status. */
    public ObjectCounts plus(String status) {
        return switch (status) {
            case ObjectRecord.SUCCEEDED -> new ObjectCounts(total + 1, succeeded + 1, failed, skipped);
            case ObjectRecord.FAILED -> new ObjectCounts(total + 1, succeeded, failed + 1, skipped);
            case ObjectRecord.SKIPPED -> new ObjectCounts(total + 1, succeeded, failed, skipped + 1);
            default -> throw new IllegalArgumentException("no object status " + status);
        };
    }
}
