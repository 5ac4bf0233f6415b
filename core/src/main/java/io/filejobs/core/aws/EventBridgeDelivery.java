package io.filejobs.core.aws;

import io.filejobs.core.trigger.TriggerDelivery;
import jakarta.inject.Singleton;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * On AWS, a bucket's object-created events reach FileJobs through EventBridge, which the bucket's
 * notification configuration switches on ({@code EventBridgeConfiguration}); FileJobs' rule then
 * takes them when Terraform's {@code trigger_buckets} names the bucket.
 */
@Singleton
public class EventBridgeDelivery implements TriggerDelivery {

    private final S3Client s3;

    public EventBridgeDelivery(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public Optional<String> problem(String bucket) {
        GetBucketNotificationConfigurationResponse config;
        try {
            config = s3.getBucketNotificationConfiguration(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            return Optional.of("the event settings of bucket '" + bucket + "' could not be read (S3 answered " + e.statusCode() + ")");
        }
        if (config.eventBridgeConfiguration() == null) {
            return Optional.of("bucket '" + bucket + "' does not send its events to Amazon EventBridge, so no object created in it can"
                    + " start a run; switch it on (S3 console: the bucket's Properties, Event notifications, Amazon EventBridge: On;"
                    + " or put-bucket-notification-configuration with EventBridgeConfiguration, keeping the existing notifications),"
                    + " and name the bucket in the deployment's trigger_buckets");
        }
        return Optional.empty();
    }
}
