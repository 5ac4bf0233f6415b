package io.filejobs.core.step;

import io.micronaut.core.annotation.Nullable;

/**
 * What the run tells a step's invocation about itself: the journal of the multipart uploads it
 * begins, the step's per-object ledger, whether it follows a failed invocation of the same step
 * ({@code retry}: the state machine is trying the step again with the input it last had), into how
 * many shards a large set step may split itself ({@code mayShardInto}, 1 for not at all), and the
 * shard it works on, if it is one.
 */
public record Invocation(UploadJournal uploads, ObjectJournal objects, boolean retry, int mayShardInto, @Nullable Shard shard) {

    /** Keeps nothing and is a first try: for callers that see every outcome themselves (tests, plans, benchmarks). */
    public static final Invocation UNRECORDED = new Invocation(UploadJournal.NONE, ObjectJournal.NONE, false, 1, null);

    public static Invocation of(UploadJournal uploads) {
        return new Invocation(uploads, ObjectJournal.NONE, false, 1, null);
    }

    public Invocation(UploadJournal uploads, ObjectJournal objects, boolean retry) {
        this(uploads, objects, retry, 1, null);
    }

    /**
     * One shard of a set step split for the state machine's Map: it handles the objects whose key
     * hashes to {@code index} of {@code count}, so the shards share the set without a list of it.
     */
    public record Shard(int index, int count) {

        public boolean holds(String key) {
            return Math.floorMod(key.hashCode(), count) == index;
        }
    }
}
