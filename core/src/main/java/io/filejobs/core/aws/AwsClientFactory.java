package io.filejobs.core.aws;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The Step Functions and EventBridge Scheduler clients, on the same credentials and region chains
 * as the S3, DynamoDB and SNS clients (which micronaut-aws-sdk-v2 provides). Each exists only where its service is configured, and is built on
 * first use, so a cold start that serves a read pays for neither.
 */
@Factory
public class AwsClientFactory {

    private final AwsCredentialsProvider credentials;
    private final AwsRegionProvider region;

    public AwsClientFactory(AwsCredentialsProvider credentials, AwsRegionProvider region) {
        this.credentials = credentials;
        this.region = region;
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "filejobs.workflow.state-machine-arn")
    SfnClient sfnClient(WorkflowConfiguration config) {
        return configure(SfnClient.builder(), config.getEndpoint()).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "filejobs.scheduling.group")
    SchedulerClient schedulerClient(SchedulingConfiguration config) {
        return configure(SchedulerClient.builder(), config.getEndpoint()).build();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, @Nullable URI endpoint) {
        builder.httpClient(CheckedIoHttpClients.wrap(UrlConnectionHttpClient.create())).credentialsProvider(credentials).region(region.getRegion());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }
}
