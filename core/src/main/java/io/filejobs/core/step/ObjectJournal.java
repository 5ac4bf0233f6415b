package io.filejobs.core.step;

import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.function.Consumer;

/**
 * The per-object ledger of one step of one run, as a set step sees it: it records what it did to
 * each object, in batches as the objects are done, and before it handles a page it asks what
 * earlier attempts did to the keys it covers, so a retried step redoes only the objects not yet done.
 */
public interface ObjectJournal {

    /** How many records a set step hands {@link #record} at once: what one DynamoDB BatchWriteItem takes. */
    int BATCH = 25;

    /**
     * Hands {@code each} the records of keys after {@code afterKey} (from the first key when empty)
     * up to and including {@code upToKey} (to the last when null), in key order, a page at a time.
     */
    void recorded(String afterKey, @Nullable String upToKey, Consumer<ObjectRecord> each);

    /** Records what the step did to these objects (written in batches). */
    void record(List<ObjectRecord> records);

    /** Keeps and knows nothing: for callers that see every outcome themselves (tests, plans, benchmarks). */
    ObjectJournal NONE = new ObjectJournal() {
        @Override
        public void recorded(String afterKey, @Nullable String upToKey, Consumer<ObjectRecord> each) {
        }

        @Override
        public void record(List<ObjectRecord> records) {
        }
    };
}
