package io.filejobs.core.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The same storage tests on LocalStack, where a Docker engine runs; JUnit reports them skipped
 * ("Docker is not available") where none does.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackJobStorageTest extends JobStorageContract {

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:3.8"))
            .withServices(LocalStackContainer.Service.S3, LocalStackContainer.Service.DYNAMODB);

    private static S3Client s3;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void clients() {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
        Region region = Region.of(LOCALSTACK.getRegion());
        s3 = S3Client.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region).forcePathStyle(true).credentialsProvider(credentials).build();
        dynamo = DynamoDbClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region).credentialsProvider(credentials).build();
    }

    @AfterAll
    static void close() {
        s3.close();
        dynamo.close();
    }

    @Override
    protected S3Client s3() {
        return s3;
    }

    @Override
    protected DynamoDbClient dynamo() {
        return dynamo;
    }
}
