package io.filejobs.storage.local;

import io.micronaut.aws.sdk.v2.service.dynamodb.DynamoDbClientFactory;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.io.IOException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Starts the embedded stores when enabled and points the application's SDK clients at them, so the
 * rest of the code uses S3 and DynamoDB exactly as it does on AWS.
 */
@Factory
public class EmbeddedStorageFactory {

    @Context
    @Bean(preDestroy = "close")
    @Requires(property = "filejobs.embedded.s3.enabled", value = "true")
    LocalS3Server localS3Server(EmbeddedStorageConfiguration config) throws IOException {
        EmbeddedStorageConfiguration.S3 s3 = config.getS3();
        if (s3.getDir() == null) {
            throw new IllegalStateException("filejobs.embedded.s3.dir must name the directory that holds the buckets");
        }
        return LocalS3Server.start(s3.getDir(), s3.getHost(), s3.getPort());
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "filejobs.embedded.dynamodb.enabled", value = "true")
    LocalDynamoDb localDynamoDb(EmbeddedStorageConfiguration config) throws IOException {
        return config.getDynamodb().getDir() == null
                ? LocalDynamoDb.inMemory()
                : LocalDynamoDb.persistent(config.getDynamodb().getDir());
    }

    @Singleton
    @Requires(property = "filejobs.embedded.dynamodb.enabled", value = "true")
    @Replaces(bean = DynamoDbClient.class, factory = DynamoDbClientFactory.class)
    DynamoDbClient dynamoDbClient(LocalDynamoDb db) {
        return db.client();
    }

    /** Sends the application's S3 client to the embedded endpoint, whatever port it bound. */
    @Singleton
    @Requires(property = "filejobs.embedded.s3.enabled", value = "true")
    static class PointS3ClientAtEmbeddedEndpoint implements BeanCreatedEventListener<S3ClientBuilder> {

        private final Provider<LocalS3Server> server;

        PointS3ClientAtEmbeddedEndpoint(Provider<LocalS3Server> server) {
            this.server = server;
        }

        @Override
        public S3ClientBuilder onCreated(BeanCreatedEvent<S3ClientBuilder> event) {
            return event.getBean()
                    .endpointOverride(server.get().endpoint())
                    .forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("filejobs", "filejobs")));
        }
    }
}
