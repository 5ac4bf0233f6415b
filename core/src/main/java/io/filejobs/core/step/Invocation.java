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
     * One shard of a set step split for the state machine's Map: the keys after {@code afterKey}
     * (from the first when empty) up to and including {@code upToKey} (to the last when null), in
     * the order S3 lists them. The shards' ranges meet end to end, so together they hold the set.
     */
    public record Shard(int index, int count, String afterKey, @Nullable String upToKey) {

        public boolean holds(String key) {
            return ObjectKeys.compare(key, afterKey) > 0 && (upToKey == null || ObjectKeys.compare(key, upToKey) <= 0);
        }

        /** Whether a listing that reached {@code key} has passed the end of this shard. */
        public boolean endsBy(String key) {
            return upToKey != null && ObjectKeys.compare(key, upToKey) >= 0;
        }
    }
}
