package io.filejobs.core.aws;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;

/**
 * Settings under {@code filejobs.notifications.*}: the SNS topic failure alerts go to when the
 * application publishes one itself (the state machine publishes the others).
 */
@ConfigurationProperties("filejobs.notifications")
public class NotificationsConfiguration {

    private String topicArn;
    private URI endpoint;

    /** The failure topic's ARN ({@code FILEJOBS_NOTIFICATIONS_TOPIC_ARN}). */
    @Nullable
    public String getTopicArn() {
        return topicArn;
    }

    public void setTopicArn(@Nullable String topicArn) {
        this.topicArn = topicArn;
    }

    /** Another SNS endpoint than AWS's, such as an emulator's. */
    @Nullable
    public URI getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(@Nullable URI endpoint) {
        this.endpoint = endpoint;
    }
}
