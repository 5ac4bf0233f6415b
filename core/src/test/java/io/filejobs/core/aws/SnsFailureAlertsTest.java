package io.filejobs.core.aws;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.filejobs.core.run.FailureAlerts;
import io.filejobs.core.run.FinishResult;
import io.filejobs.core.testing.MotoServer;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;

/** With a topic configured, the application's own alerts go to it through the one SNS client in the context. */
class SnsFailureAlertsTest {

    @Test
    void anAlertIsPublishedToTheConfiguredTopic(@TempDir Path dir) throws Exception {
        try (MotoServer moto = MotoServer.start(dir.resolve("moto.log").toFile());
                SnsClient admin = SnsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            String topic = admin.createTopic(b -> b.name("filejobs-failures")).topicArn();
            try (ApplicationContext context = ApplicationContext.run(Map.of(
                    "filejobs.notifications.topic-arn", topic,
                    "aws.services.sns.endpoint-override", moto.endpoint().toString(),
                    "aws.region", "us-east-1", "aws.accessKeyId", "test", "aws.secretKey", "test"))) {
                FailureAlerts alerts = context.getBean(FailureAlerts.class);
                assertInstanceOf(SnsFailureAlerts.class, alerts);
                alerts.publish(new FinishResult.Alert("FileJobs: run of nightly failed", "{}"));
            }
            // A topic that does not exist is refused, so the publish above reached the configured one.
            try (ApplicationContext context = ApplicationContext.run(Map.of(
                    "filejobs.notifications.topic-arn", topic + "-missing",
                    "aws.services.sns.endpoint-override", moto.endpoint().toString(),
                    "aws.region", "us-east-1", "aws.accessKeyId", "test", "aws.secretKey", "test"))) {
                FailureAlerts alerts = context.getBean(FailureAlerts.class);
                assertThrows(NotFoundException.class, () -> alerts.publish(new FinishResult.Alert("s", "{}")));
            }
        }
    }
}
