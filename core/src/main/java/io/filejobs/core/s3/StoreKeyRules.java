package io.filejobs.core.s3;

import java.util.Optional;

/**
 * What the configured object store can hold, beyond S3's own key rules ({@link ObjectRef}). S3
 * itself holds any key; a store that keeps objects as files cannot hold every one, and a job that
 * names such a key is refused when it is written, not when it runs.
 */
public interface StoreKeyRules {

    /** Why the store can never hold an object under {@code key}, in one sentence, or empty. */
    Optional<String> keyProblem(String key);

    /**
     * Why an object cannot be written at {@code destination} as the store stands now (a key that
     * collides with others the store already holds), or empty. Asked before every write.
     */
    Optional<String> destinationProblem(ObjectRef destination);

    /** Amazon S3 and stores like it: every key S3 accepts. */
    StoreKeyRules S3 = new StoreKeyRules() {
        @Override
        public Optional<String> keyProblem(String key) {
            return Optional.empty();
        }

        @Override
        public Optional<String> destinationProblem(ObjectRef destination) {
            return Optional.empty();
        }
    };
}
