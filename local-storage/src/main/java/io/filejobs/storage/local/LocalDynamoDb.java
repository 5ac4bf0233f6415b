package io.filejobs.storage.local;

import com.almworks.sqlite4java.SQLiteConnection;
import com.almworks.sqlite4java.SQLiteException;
import com.almworks.sqlite4java.SQLiteStatement;
import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteLibraryLoader;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger LOG = LoggerFactory.getLogger(LocalDynamoDb.class);

    /** How long the journal-mode change waits for an engine of this JVM that still holds the file. */
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    /** How long {@link #close} waits for the engine to let go of the database file. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /** The engine takes the database file itself, not its directory. */
    static final String DATABASE_FILE = "dynamodb.db";

    private final AmazonDynamoDBLocal engine;
    private final DynamoDbClient client;

    /** The database file's write-ahead log, or null when the store lives in memory. */
    private final File log;

    private LocalDynamoDb(AmazonDynamoDBLocal engine, File file) {
        this.engine = engine;
        this.client = engine.dynamoDbClient();
        this.log = file == null ? null : new File(file.getPath() + "-wal");
    }

    /** A store that keeps its tables in one SQLite file under {@code dir}, so they survive a restart. */
    public static LocalDynamoDb persistent(Path dir) throws IOException {
        Files.createDirectories(dir);
        File file = dir.resolve(DATABASE_FILE).toAbsolutePath().toFile();
        useWriteAheadLog(file);
        return new LocalDynamoDb(DynamoDBEmbedded.create(file), file);
    }

    /**
     * Puts the database file in SQLite's write-ahead-log mode (the mode is kept in the file) before
     * the engine opens it. The engine commits every item it writes on its own, one at a time; with
     * SQLite's default rollback journal each commit creates, syncs and deletes a journal file, with
     * the log it appends to one file and syncs that (DynamoDB Local alone, BatchWriteItems of 25
     * items from four threads: about 1,150 items/s with the journal, 2,000 with the log). Where the
     * file system cannot hold the log (it needs shared memory, which network file systems may not
     * give), the file keeps its journal and this says so.
     */
    static void useWriteAheadLog(File file) throws IOException {
        if (inWriteAheadLogMode(file)) {
            return;
        }
        try {
            SQLiteLibraryLoader.initialize();
        } catch (Exception e) {
            throw new IOException("cannot load SQLite for " + file + ": " + e.getMessage(), e);
        }
        // The binding reports opening and closing a connection at INFO; this one is not news.
        java.util.logging.Logger binding = java.util.logging.Logger.getLogger("com.almworks.sqlite4java");
        Level level = binding.getLevel();
        binding.setLevel(Level.WARNING);
        SQLiteConnection connection = new SQLiteConnection(file);
        try {
            connection.open(true);
            connection.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
            SQLiteStatement pragma = connection.prepare("PRAGMA journal_mode=WAL");
            String mode = pragma.step() ? pragma.columnString(0) : "";
            pragma.dispose();
            if (!"wal".equalsIgnoreCase(mode)) {
                LOG.warn("{} stays in journal mode {}: its file system does not take a write-ahead log", file, mode);
            }
        } catch (SQLiteException e) {
            throw new IOException("cannot open " + file + ": " + e.getMessage(), e);
        } finally {
            connection.dispose();
            binding.setLevel(level);
        }
    }

    /** Whether the file's header says it is in write-ahead-log mode (its read and write versions are 2). */
    static boolean inWriteAheadLogMode(File file) throws IOException {
        if (file.length() < 100) {
            return false;
        }
        try (RandomAccessFile header = new RandomAccessFile(file, "r")) {
            header.seek(18);
            return header.read() == 2 && header.read() == 2;
        }
    }

    /** A store that lives only as long as this object. */
    public static LocalDynamoDb inMemory() {
        return new LocalDynamoDb(DynamoDBEmbedded.create(true), null);
    }

    public DynamoDbClient client() {
        return client;
    }

    @Override
    public void close() {
        engine.shutdown();
        awaitClosed();
    }

    /**
     * The engine closes its SQLite connection on a thread of its own after {@code shutdown()}
     * returns. Closing the last connection copies the log into the database file and deletes the
     * log; until then the file is not free for another engine (a restart within this JVM, as tests
     * do), so this waits for the log to go, a few seconds at most.
     */
    private void awaitClosed() {
        if (log == null) {
            return;
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (log.exists() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (log.exists()) {
            LOG.warn("{} is still there {} after the store was closed", log, CLOSE_WAIT);
        }
    }
}
