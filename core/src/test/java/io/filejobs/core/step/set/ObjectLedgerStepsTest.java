package io.filejobs.core.step.set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.job.JobDefinitionReader;
import io.filejobs.core.job.Step;
import io.filejobs.core.step.FailedObjects;
import io.filejobs.core.step.Invocation;
import io.filejobs.core.step.ObjectCounts;
import io.filejobs.core.step.ObjectJournal;
import io.filejobs.core.step.ObjectRecord;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepExecutor;
import io.filejobs.core.step.StepsConfiguration;
import io.filejobs.core.step.UploadJournal;
import io.filejobs.core.store.ObjectLedger;
import io.filejobs.core.template.TemplateValues;
import io.filejobs.core.testing.FailingCopies;
import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The per-object ledger as set steps keep it, on the embedded S3 endpoint and DynamoDB Local:
 * listing pages of three keys and a time budget of zero make every page an invocation. One
 * destination fails for chosen objects ({@link FailingCopies}); the step records exactly those
 * FAILED, goes on with the others, fails at the end naming them, and its next attempt copies only
 * them.
 */
class ObjectLedgerStepsTest {

    private static final TemplateValues VALUES = new TemplateValues(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC,
            "20261128T000000000Z-l", "ledger");
    private static ApplicationContext context;
    private static S3Client s3;
    private static StepExecutor executor;
    private static JobDefinitionReader reader;
    private static ObjectLedger ledger;

    @BeforeAll
    static void start() throws Exception {
        context = ApplicationContext.run(Map.of(
                "filejobs.embedded.s3.enabled", true, "filejobs.embedded.s3.port", 0,
                "filejobs.embedded.s3.dir", Files.createTempDirectory("object-ledger").toString(),
                "filejobs.embedded.dynamodb.enabled", true, "filejobs.storage.create-if-missing", true, "aws.region", "us-east-1",
                "filejobs.steps.set-page-size", 3, "filejobs.steps.set-time-budget", "0s", "test.failing-copies", true));
        s3 = context.getBean(S3Client.class);
        for (String bucket : List.of("bucket1", "bucket2", "bucket3")) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        executor = context.getBean(StepExecutor.class);
        reader = context.getBean(JobDefinitionReader.class);
        ledger = context.getBean(ObjectLedger.class);
    }

    @AfterAll
    static void stop() {
        FailingCopies.reset(Set.of(), 0);
        context.close();
    }

    private static Step step(String json) {
        return reader.read(("{\"name\":\"ledger\",\"steps\":[" + json + "]}").getBytes(StandardCharsets.UTF_8)).steps().get(0);
    }

    /** One attempt at the step, through every invocation it takes; returns the last result. */
    private static StepExecutor.StepResult attempt(Step step, ObjectJournal journal) {
        Invocation invocation = new Invocation(UploadJournal.NONE, journal, false);
        StepExecutor.StepResult result = executor.execute(step, null, invocation, VALUES);
        while (result.continuation() != null) {
            result = executor.execute(step, result.continuation(), invocation, VALUES);
        }
        return result;
    }

    /** Ten objects of 10 to 19 bytes under a fresh prefix; returns the prefix. */
    private static String tenObjects() {
        String in = "in-" + UUID.randomUUID() + "/";
        for (int i = 0; i < 10; i++) {
            String key = in + "f" + i + ".dat";
            put(key, "x".repeat(10 + i));
        }
        return in;
    }

    private static void put(String key, String body) {
        s3.putObject(b -> b.bucket("bucket1").key(key), RequestBody.fromString(body));
    }

    private static List<ObjectRecord> all(String runId, String status) {
        List<ObjectRecord> items = new ArrayList<>();
        String after = null;
        do {
            ObjectLedger.Page page = ledger.page("jobledger0001", runId, 0, status, 4, after);
            items.addAll(page.items());
            assertTrue(page.items().size() <= 4);
            after = page.lastKey();
        } while (after != null);
        return items;
    }

    @Test
    void failedObjectsAreRecordedTheOthersGoOnAndTheNextAttemptRedoesOnlyThem() {
        String in = tenObjects();
        String runId = "run-" + UUID.randomUUID();
        ObjectJournal journal = ledger.journal("jobledger0001", runId, 0);
        Step copy = step("{\"id\":0,\"name\":\"fan\",\"action\":\"COPY\",\"source\":{\"prefix\":\"bucket1/" + in + "\"},"
                + "\"destinations\":[\"bucket2/out/{relativeKey}\",\"bucket3/out/{relativeKey}\"]}");
        Set<String> poisoned = Set.of("f2.dat", "f5.dat", "f9.dat");
        FailingCopies.reset(Set.of("bucket3/out/f2.dat", "bucket3/out/f5.dat", "bucket3/out/f9.dat"), 500);

        FailedObjects failed = assertThrows(FailedObjects.class, () -> attempt(copy, journal));

        assertEquals(StepErrorCode.TRANSIENT, failed.code(), "a failure that may pass makes the step one the state machine tries again");
        assertEquals(new ObjectCounts(10, 7, 3, 0), failed.counts());
        assertTrue(failed.getMessage().startsWith("3 of 10 objects failed: bucket1/" + in + "f2.dat (TRANSIENT: "), failed.getMessage());
        assertTrue(failed.getMessage().contains("f5.dat") && failed.getMessage().contains("f9.dat"), failed.getMessage());
        List<ObjectRecord> failedRecords = all(runId, ObjectRecord.FAILED);
        assertEquals(poisoned.stream().map(n -> "bucket1/" + in + n).sorted().toList(), failedRecords.stream().map(ObjectRecord::source).toList());
        failedRecords.forEach(r -> assertEquals("TRANSIENT", r.error().code()));
        assertEquals(7, all(runId, ObjectRecord.SUCCEEDED).size());
        assertEquals(10, all(runId, null).size(), "every object once, read back four at a time");

        FailingCopies.reset(Set.of(), 0);
        StepExecutor.StepResult retried = attempt(copy, journal);

        assertNull(retried.continuation());
        assertEquals(new ObjectCounts(10, 10, 0, 0), retried.objects());
        for (int i = 0; i < 10; i++) {
            String source = "bucket1/" + in + "f" + i + ".dat";
            boolean redone = poisoned.contains("f" + i + ".dat");
            for (String bucket : List.of("bucket2", "bucket3")) {
                assertEquals(redone ? 1 : 0, FailingCopies.copiesTo(bucket + "/out/f" + i + ".dat"),
                        "the second attempt copies only the failed objects, to each destination: " + source);
            }
            assertEquals(s3.headObject(b -> b.bucket("bucket1").key(source.substring(8))).contentLength(),
                    s3.headObject(b -> b.bucket("bucket3").key("out/" + source.substring(source.lastIndexOf('/') + 1))).contentLength());
        }
        List<ObjectRecord> records = all(runId, null);
        assertEquals(10, records.size());
        for (ObjectRecord r : records) {
            assertEquals(ObjectRecord.SUCCEEDED, r.status());
            boolean redone = poisoned.stream().anyMatch(r.source()::endsWith);
            assertEquals(redone ? 2 : 1, r.attempts(), r.source());
            assertEquals(List.of("bucket2/out/" + r.source().substring(r.source().lastIndexOf('/') + 1),
                    "bucket3/out/" + r.source().substring(r.source().lastIndexOf('/') + 1)), r.destinations());
        }
        long bytes = records.stream().mapToLong(ObjectRecord::bytes).sum();
        assertEquals(bytes, retried.bytes(), "the step's bytes hold the objects done by the first attempt too");
    }

    @Test
    void aPageIsRecordedAsItGoesSoAnAttemptThatFailsMidPageLeavesTheObjectsOfItsWrittenBatchesDone() {
        StepsConfiguration steps = context.getBean(StepsConfiguration.class);
        int pageSize = steps.getSetPageSize();
        int concurrency = steps.getSetConcurrency();
        // One page of 60 objects, one at a time: batches of 25 fill in key order.
        steps.setSetPageSize(1000);
        steps.setSetConcurrency(1);
        try {
            String in = "in-" + UUID.randomUUID() + "/";
            int count = 2 * ObjectJournal.BATCH + 10;
            for (int i = 0; i < count; i++) {
                put(in + String.format("g%03d.dat", i), "y".repeat(i + 1));
            }
            String runId = "run-" + UUID.randomUUID();
            ObjectJournal journal = ledger.journal("jobledger0001", runId, 0);
            AtomicInteger writes = new AtomicInteger();
            ObjectJournal secondWriteFails = new ObjectJournal() {
                @Override
                public void recorded(String afterKey, String upToKey, java.util.function.Consumer<ObjectRecord> each) {
                    journal.recorded(afterKey, upToKey, each);
                }

                @Override
                public void record(List<ObjectRecord> records) {
                    if (writes.incrementAndGet() == 2) {
                        throw new IllegalStateException("the ledger's table is unavailable");
                    }
                    journal.record(records);
                }
            };
            Step copy = step("{\"id\":0,\"name\":\"page\",\"action\":\"COPY\",\"source\":{\"prefix\":\"bucket1/" + in + "\"},"
                    + "\"destination\":\"bucket2/mid/{relativeKey}\"}");
            FailingCopies.reset(Set.of(), 0);

            assertThrows(IllegalStateException.class, () -> attempt(copy, secondWriteFails));
            List<ObjectRecord> first = all(runId, null);
            assertEquals(ObjectJournal.BATCH, first.size(), "the page's first batch was written before the second failed");
            assertEquals(IntStream.range(0, ObjectJournal.BATCH).mapToObj(i -> "bucket1/" + in + String.format("g%03d.dat", i)).toList(),
                    first.stream().map(ObjectRecord::source).toList());

            StepExecutor.StepResult retried = attempt(copy, journal);

            assertEquals(new ObjectCounts(count, count, 0, 0), retried.objects());
            for (int i = 0; i < count; i++) {
                String destination = "bucket2/mid/" + String.format("g%03d.dat", i);
                if (i < ObjectJournal.BATCH) {
                    assertEquals(1, FailingCopies.copiesTo(destination), "recorded done, not copied again: " + destination);
                } else if (i < 2 * ObjectJournal.BATCH) {
                    assertEquals(2, FailingCopies.copiesTo(destination), "copied, but its record was lost with the batch: " + destination);
                } else {
                    assertTrue(FailingCopies.copiesTo(destination) >= 1, destination);
                }
                assertEquals(i + 1, s3.headObject(b -> b.bucket("bucket2").key(destination.substring(8))).contentLength());
            }
            assertEquals(count, all(runId, ObjectRecord.SUCCEEDED).size());
        } finally {
            steps.setSetPageSize(pageSize);
            steps.setSetConcurrency(concurrency);
        }
    }

    @Test
    void aRetriedMoveCountsTheObjectsItMovedBeforeThoughTheyAreNoLongerListed() {
        String in = tenObjects();
        String runId = "run-" + UUID.randomUUID();
        ObjectJournal journal = ledger.journal("jobledger0001", runId, 0);
        Step move = step("{\"id\":0,\"name\":\"mv\",\"action\":\"MOVE\",\"source\":{\"prefix\":\"bucket1/" + in + "\"},"
                + "\"destination\":\"bucket2/moved/" + in + "{relativeKey}\"}");
        FailingCopies.reset(Set.of("bucket2/moved/" + in + "f0.dat", "bucket2/moved/" + in + "f7.dat"), 500);

        FailedObjects failed = assertThrows(FailedObjects.class, () -> attempt(move, journal));
        assertEquals(new ObjectCounts(10, 8, 2, 0), failed.counts());

        FailingCopies.reset(Set.of(), 0);
        StepExecutor.StepResult retried = attempt(move, journal);
        assertEquals(new ObjectCounts(10, 10, 0, 0), retried.objects());
        assertEquals(IntStream.range(0, 10).mapToObj(i -> in + "f" + i + ".dat").toList(),
                s3.listObjectsV2(b -> b.bucket("bucket2").prefix("moved/" + in)).contents().stream().map(o -> o.key().substring(6)).toList());
        assertEquals(0, s3.listObjectsV2(b -> b.bucket("bucket1").prefix(in)).keyCount());
    }

    @Test
    void aFailureThatWillNotPassFailsTheStepWithItsOwnCodeUnlessAnotherMayPass() {
        String in = tenObjects();
        Step copy = step("{\"id\":0,\"name\":\"c\",\"action\":\"COPY\",\"source\":{\"prefix\":\"bucket1/" + in + "\"},"
                + "\"destination\":\"bucket2/denied/" + in + "{relativeKey}\"}");
        FailingCopies.reset(Set.of("bucket2/denied/" + in + "f1.dat"), 403);
        FailedObjects denied = assertThrows(FailedObjects.class, () -> attempt(copy, ledger.journal("jobledger0001", "run-" + UUID.randomUUID(), 0)));
        assertEquals(StepErrorCode.ACCESS_DENIED, denied.code());
        assertEquals(new ObjectCounts(10, 9, 1, 0), denied.counts());

        FailingCopies.reset(Set.of("bucket2/denied/" + in + "f1.dat", "bucket2/denied/" + in + "f3.dat", "bucket2/denied/" + in + "f4.dat",
                "bucket2/denied/" + in + "f6.dat"), 403);
        FailingCopies.failing.put("bucket2/denied/" + in + "f8.dat", 500);
        FailedObjects mixed = assertThrows(FailedObjects.class, () -> attempt(copy, ledger.journal("jobledger0001", "run-" + UUID.randomUUID(), 0)));
        assertEquals(StepErrorCode.TRANSIENT, mixed.code(), "one object that may pass on a later try makes the step worth another try");
        assertTrue(mixed.getMessage().startsWith("5 of 10 objects failed; the first 3: "), mixed.getMessage());
        FailingCopies.reset(Set.of(), 0);
    }
}
