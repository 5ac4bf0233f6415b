package io.filejobs.core.s3;

import io.filejobs.core.config.FileJobsConfiguration;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * Which buckets a step may use, for validation and execution alike: the buckets on the allow-list
 * ({@code filejobs.allowed-buckets}), or any bucket when the list is empty; never the service's own
 * definitions bucket, listed or not.
 */
@Singleton
public class BucketPolicy {

    private final List<String> allowed;
    private final String definitionsBucket;

    public BucketPolicy(FileJobsConfiguration config) {
        this.allowed = List.copyOf(config.getAllowedBuckets());
        this.definitionsBucket = config.getDefinitionsBucket();
    }

    /** Why a step may not use {@code bucket}, in one sentence, or empty when it may. */
    public Optional<String> problem(String bucket) {
        if (bucket.equals(definitionsBucket)) {
            return Optional.of("bucket '" + bucket + "' holds FileJobs' own job definitions; steps may not touch it");
        }
        if (!allowed.isEmpty() && !allowed.contains(bucket)) {
            return Optional.of("bucket '" + bucket + "' is not on the allow-list (FILEJOBS_ALLOWED_BUCKETS)");
        }
        return Optional.empty();
    }
}
