package io.filejobs.core.aws;

import io.filejobs.core.run.FailureAlerts;
import io.filejobs.core.run.FinishResult;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sns.SnsClient;

/** Publishes failure alerts to the SNS failure topic, as the state machine's Alert state does. */
@Singleton
@Requires(property = "filejobs.notifications.topic-arn")
public class SnsFailureAlerts implements FailureAlerts {

    private final SnsClient sns;
    private final String topicArn;

    public SnsFailureAlerts(SnsClient sns, NotificationsConfiguration config) {
        this.sns = sns;
        this.topicArn = config.getTopicArn();
    }

    @Override
    public void publish(FinishResult.Alert alert) {
        sns.publish(b -> b.topicArn(topicArn).subject(alert.subject()).message(alert.message()));
    }
}
