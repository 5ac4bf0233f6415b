package io.filejobs.storage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;

class LocalStorageTest {

    @Test
    void objectsAreKeptAsPlainFilesAndAnyCredentialsAreAccepted(@TempDir Path dir) throws Exception {
        try (LocalS3Server server = LocalS3Server.start(dir, "127.0.0.1", 0); S3Client s3 = client(server, "anything", "at-all")) {
            s3.createBucket(b -> b.bucket("bucket1"));
            s3.putObject(b -> b.bucket("bucket1").key("dir/a b+c%.txt"), RequestBody.fromString("hello"));
            Path file = dir.resolve("bucket1").resolve("dir").resolve("a b+c%.txt");
            assertTrue(Files.exists(file), "object stored as a file at " + file);
            assertEquals("hello", Files.readString(file, StandardCharsets.UTF_8));
        }
    }

    @Test
    void writesOneAfterAnotherRaiseEventsWhoseTimesFollowTheirOrder(@TempDir Path dir) throws Exception {
        try (LocalS3Server server = LocalS3Server.start(dir, "127.0.0.1", 0); S3Client s3 = client(server, "a", "b")) {
            List<String> keys = new CopyOnWriteArrayList<>();
            List<Instant> times = new CopyOnWriteArrayList<>();
            server.onObjectCreated(new ObjectCreatedListener() {
                @Override
                public boolean wants(String bucket) {
                    return true;
                }

                @Override
                public void created(String bucket, String key, long size, String etag, Instant eventTime, String sequencer) {
                    keys.add(key);
                    times.add(eventTime);
                }
            });
            s3.createBucket(b -> b.bucket("bucket1"));
            List<String> written = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String key = "in/" + i + ".csv";
                for (int attempt = 1; ; attempt++) {
                    try {
                        s3.putObject(b -> b.bucket("bucket1").key(key), RequestBody.fromString("x"));
                        break;
                    } catch (java.io.UncheckedIOException closedUnderIt) {
                        // This client does not send a write again when its kept-alive connection was closed under it: send it here.
                        if (attempt == 3) {
                            throw closedUnderIt;
                        }
                    }
                }
                written.add(key);
            }
            // A write the client sent again (its kept-alive connection closed under it) raises a second event, later.
            assertEquals(written, keys.stream().distinct().toList());
            // Run ids carry event times to the millisecond, and a QUEUE job runs its runs in run-id order:
            // writes within one millisecond must still get times in their order.
            for (int i = 1; i < times.size(); i++) {
                assertTrue(times.get(i).isAfter(times.get(i - 1)), "event " + i + " after the one before: " + times);
                assertEquals(times.get(i), times.get(i).truncatedTo(ChronoUnit.MILLIS));
            }
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

    @Test
    void theDatabaseFileKeepsAWriteAheadLog(@TempDir Path dir) throws Exception {
        File file = dir.resolve(LocalDynamoDb.DATABASE_FILE).toFile();
        try (LocalDynamoDb db = LocalDynamoDb.persistent(dir)) {
            assertTrue(LocalDynamoDb.inWriteAheadLogMode(file), "the header says WAL while the engine runs");
            db.client().createTable(b -> b.tableName("things")
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
            db.client().putItem(b -> b.tableName("things").item(Map.of("id", AttributeValue.fromS("a"))));
            assertTrue(dir.resolve(LocalDynamoDb.DATABASE_FILE + "-wal").toFile().exists(), "writes go to the log");
        }
        assertTrue(LocalDynamoDb.inWriteAheadLogMode(file), "the mode is kept in the file");
        try (LocalDynamoDb db = LocalDynamoDb.persistent(dir)) {
            assertEquals("a", db.client().getItem(b -> b.tableName("things").key(Map.of("id", AttributeValue.fromS("a"))))
                    .item().get("id").s());
        }
    }

    private static S3Client client(LocalS3Server server, String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }
}
