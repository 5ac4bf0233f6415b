package io.filejobs.core.aws;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The Step Functions client, on the same credentials and region chains as the other AWS clients. */
@Factory
@Requires(property = "filejobs.workflow.state-machine-arn")
public class StepFunctionsClientFactory {

    @Singleton
    @Bean(preDestroy = "close")
    SfnClient sfnClient(WorkflowConfiguration config, AwsCredentialsProvider credentials, AwsRegionProvider region) {
        var builder = SfnClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(credentials)
                .region(region.getRegion());
        if (config.getEndpoint() != null) {
            builder.endpointOverride(config.getEndpoint());
        }
        return builder.build();
    }
}
