package io.filejobs.core.run;

import java.util.Set;

/** Where a run stands. A status only moves forward: QUEUED, RUNNING, then SUCCEEDED or FAILED; or SKIPPED. */
public enum RunStatus {
    QUEUED,
    RUNNING,
    /**
     * Shown, never stored: a RUNNING run with a step that waits for its callback. The record stays
     * RUNNING ({@link Run#shown()}).
     */
    WAITING,
    SUCCEEDED,
    FAILED,
    SKIPPED;

    /** The statuses a run may be in just before it moves to this one. */
    public Set<RunStatus> reachableFrom() {
        return switch (this) {
            case QUEUED, WAITING -> Set.of();
            case RUNNING -> Set.of(QUEUED);
            case SUCCEEDED -> Set.of(RUNNING);
            case FAILED -> Set.of(QUEUED, RUNNING);
            // Before it starts (its job is invalid, its previous run still goes), or at a step whose set was empty.
            case SKIPPED -> Set.of(QUEUED, RUNNING);
        };
    }

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED;
    }
}
