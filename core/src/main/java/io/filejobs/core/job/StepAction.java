package io.filejobs.core.job;

/** What a step does to S3 objects. */
public enum StepAction {
    COPY,
    MOVE,
    DELETE,
    MERGE;

    /** Whether the step reads one {@code source} (all but MERGE, which reads {@code sources}). */
    public boolean hasSingleSource() {
        return this != MERGE;
    }

    /** Whether the step writes a {@code destination} (all but DELETE). */
    public boolean hasDestination() {
        return this != DELETE;
    }
}
