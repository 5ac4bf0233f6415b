package io.filejobs.local;

import io.filejobs.core.aws.EventBridgeDelivery;
import io.filejobs.core.trigger.TriggerDelivery;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * On the embedded runtime, object-created events come from its own S3 endpoint
 * ({@link EmbeddedObjectEvents}); with {@code FILEJOBS_S3_ENDPOINT} pointing elsewhere nothing raises
 * them, and a job with triggers is INVALID rather than silently never starting.
 */
@Singleton
@Replaces(EventBridgeDelivery.class)
public class EmbeddedTriggerDelivery implements TriggerDelivery {

    private final boolean embeddedS3;

    public EmbeddedTriggerDelivery(@Value("${filejobs.embedded.s3.enabled:false}") boolean embeddedS3) {
        this.embeddedS3 = embeddedS3;
    }

    @Override
    public Optional<String> problem(String bucket) {
        return embeddedS3 ? Optional.empty() : Optional.of("this runtime uses the S3 endpoint FILEJOBS_S3_ENDPOINT names, which does not"
                + " tell FileJobs when objects are created, so triggers on bucket '" + bucket + "' would never start a run; use the"
                + " embedded S3 endpoint (leave FILEJOBS_S3_ENDPOINT unset) for jobs with triggers");
    }
}
