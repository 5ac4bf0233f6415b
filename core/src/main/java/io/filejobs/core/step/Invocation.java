package io.filejobs.core.step;

/**
 * What the run tells a step's invocation about itself: the journal of the multipart uploads it
 * begins, the step's per-object ledger, and whether it follows a failed invocation of the same step
 * ({@code retry}: the state machine is trying the step again with the input it last had).
 */
public record Invocation(UploadJournal uploads, ObjectJournal objects, boolean retry) {

    /** Keeps nothing and is a first try: for callers that see every outcome themselves (tests, plans, benchmarks). */
    public static final Invocation UNRECORDED = new Invocation(UploadJournal.NONE, ObjectJournal.NONE, false);

    public static Invocation of(UploadJournal uploads) {
        return new Invocation(uploads, ObjectJournal.NONE, false);
    }
}
