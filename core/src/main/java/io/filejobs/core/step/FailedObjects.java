package io.filejobs.core.step;

/**
 * A set step that went through its whole set and could not handle some objects: it fails with
 * the counts and bytes of what it did, so its record shows them. When any failure may pass on a
 * later try (TRANSIENT, THROTTLED) the step fails so, and the state machine tries it again; that
 * attempt redoes only the objects not yet done.
 */
public class FailedObjects extends StepFailure {

    private final ObjectCounts counts;
    private final long bytes;

    public FailedObjects(StepErrorCode code, String message, ObjectCounts counts, long bytes) {
        super(code, message);
        this.counts = counts;
        this.bytes = bytes;
    }

    public ObjectCounts counts() {
        return counts;
    }

    public long bytes() {
        return bytes;
    }
}
