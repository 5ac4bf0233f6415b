package io.filejobs.core.trigger;

import java.util.Optional;

/**
 * Whether a bucket's object-created events reach FileJobs: on AWS, the bucket must send its events to
 * EventBridge (FileJobs never changes a user's bucket notification settings); on the embedded
 * runtime, its own S3 endpoint raises them. The asynchronous check marks a job INVALID for a trigger
 * on a bucket whose events do not arrive, saying how to switch them on.
 */
public interface TriggerDelivery {

    /** Why events of {@code bucket} would not reach FileJobs; empty when they do. */
    Optional<String> problem(String bucket);
}
