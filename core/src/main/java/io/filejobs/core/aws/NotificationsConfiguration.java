package io.filejobs.core.aws;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Settings under {@code filejobs.notifications.*}: the SNS topic failure alerts go to when the
 * application publishes one itself (the state machine publishes the others). The SNS client is
 * micronaut-aws-sdk-v2's: another endpoint, such as an emulator's, is {@code aws.services.sns.endpoint-override}.
 */
@ConfigurationProperties("filejobs.notifications")
public class NotificationsConfiguration {

    private String topicArn;

    /** The failure topic's ARN ({@code FILEJOBS_NOTIFICATIONS_TOPIC_ARN}). */
    @Nullable
    public String getTopicArn() {
        return topicArn;
    }

    public void setTopicArn(@Nullable String topicArn) {
        this.topicArn = topicArn;
    }
}
