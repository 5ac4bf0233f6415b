package io.filejobs.storage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;

class LocalStorageTest {

    @Test
    void objectsAreKeptAsPlainFilesAndAnyCredentialsAreAccepted(@TempDir Path dir) throws Exception {
        try (LocalS3Server server = LocalS3Server.start(dir, "127.0.0.1", 0);
                S3Client s3 = S3Client.builder()
                        .endpointOverride(server.endpoint())
                        .region(Region.US_EAST_1)
                        .forcePathStyle(true)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("anything", "at-all")))
                        .build()) {
            s3.createBucket(b -> b.bucket("bucket1"));
            s3.putObject(b -> b.bucket("bucket1").key("dir/a b+c%.txt"), RequestBody.fromString("hello"));
            Path file = dir.resolve("bucket1").resolve("dir").resolve("a b+c%.txt");
            assertTrue(Files.exists(file), "object stored as a file at " + file);
            assertEquals("hello", Files.readString(file, StandardCharsets.UTF_8));
        }
    }

    @Test
    void tablesSurviveARestart(@TempDir Path dir) throws Exception {
        try (LocalDynamoDb db = LocalDynamoDb.persistent(dir)) {
            DynamoDbClient client = db.client();
            client.createTable(b -> b.tableName("things")
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
        }
        try (LocalDynamoDb db = LocalDynamoDb.persistent(dir)) {
            assertEquals(1, db.client().listTables().tableNames().size());
        }
    }
}
