package io.filejobs.core.aws;

import io.filejobs.core.run.FailureAlerts;
import io.filejobs.core.run.FinishResult;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sns.SnsClient;

/** Publishes failure alerts to the SNS failure topic, as the state machine's Alert state does. */
@Singleton
@Requires(property = "filejobs.notifications.topic-arn")
public class SnsFailureAlerts implements FailureAlerts {

    /** Built on first use: a cold start that never calls the service does not build its client. */
    private final BeanProvider<SnsClient> sns;
    private final String topicArn;

    public SnsFailureAlerts(BeanProvider<SnsClient> sns, NotificationsConfiguration config) {
        this.sns = sns;
        this.topicArn = config.getTopicArn();
    }

    @Override
    public void publish(FinishResult.Alert alert) {
        sns.get().publish(b -> b.topicArn(topicArn).subject(alert.subject()).message(alert.message()));
    }
}
