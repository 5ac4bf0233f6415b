package io.filejobs.storage.local;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local running inside this JVM, either persisted to a directory or held in memory.
 * Its client speaks to the engine directly, without HTTP.
 */
public final class LocalDynamoDb implements AutoCloseable {

    static {
        // DynamoDB Local reports telemetry unless told not to; nothing here may call out.
        System.setProperty("ddb.local.telemetry", "0");
    }

    /** The engine takes the database file itself, not its directory. */
    static final String DATABASE_FILE = "dynamodb.db";

    private final AmazonDynamoDBLocal engine;
    private final DynamoDbClient client;

    private LocalDynamoDb(AmazonDynamoDBLocal engine) {
        this.engine = engine;
        this.client = engine.dynamoDbClient();
    }

    /** A store that keeps its tables in one SQLite file under {@code dir}, so they survive a restart. */
    public static LocalDynamoDb persistent(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new LocalDynamoDb(DynamoDBEmbedded.create(dir.resolve(DATABASE_FILE).toAbsolutePath().toFile()));
    }

    /** A store that lives only as long as this object. */
    public static LocalDynamoDb inMemory() {
        return new LocalDynamoDb(DynamoDBEmbedded.create(true));
    }

    public DynamoDbClient client() {
        return client;
    }

    @Override
    public void close() {
        engine.shutdown();
    }
}
