package io.filejobs.core.store;

import io.filejobs.storage.local.LocalDynamoDb;
import io.filejobs.storage.local.LocalS3Server;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Job storage on S3Proxy (an S3 protocol endpoint over HTTP) and DynamoDB Local. */
class LocalStorageJobStorageTest extends JobStorageContract {

    @TempDir
    static Path s3Dir;
    private static LocalS3Server server;
    private static LocalDynamoDb dynamo;
    private static S3Client s3;

    @BeforeAll
    static void start() throws IOException {
        server = LocalS3Server.start(s3Dir, "127.0.0.1", 0);
        dynamo = LocalDynamoDb.inMemory();
        s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
        dynamo.close();
    }

    @Override
    protected S3Client s3() {
        return s3;
    }

    @Override
    protected DynamoDbClient dynamo() {
        return dynamo.client();
    }
}
