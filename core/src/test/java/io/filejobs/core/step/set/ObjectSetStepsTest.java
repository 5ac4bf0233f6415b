package io.filejobs.core.step.set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobDefinitionReader;
import io.filejobs.core.job.Step;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepExecutor;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.step.UploadJournal;
import io.filejobs.core.template.TemplateValues;
import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Steps over object sets, run by the executor as the workflow runs them, on the embedded S3
 * endpoint. Listing pages of two keys and a time budget of zero make every page an invocation of
 * its own, so each step here goes on across invocations with its continuation.
 */
class ObjectSetStepsTest {

    private static final TemplateValues VALUES = new TemplateValues(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC,
            "20261128T000000000Z-s", "sets");
    private static ApplicationContext context;
    private static S3Client s3;
    private static StepExecutor executor;
    private static JobDefinitionReader reader;

    @BeforeAll
    static void start() throws Exception {
        context = ApplicationContext.run(Map.of(
                "filejobs.embedded.s3.enabled", true, "filejobs.embedded.s3.port", 0,
                "filejobs.embedded.s3.dir", Files.createTempDirectory("object-sets").toString(),
                "filejobs.embedded.dynamodb.enabled", true, "filejobs.storage.create-if-missing", true, "aws.region", "us-east-1",
                "filejobs.steps.set-page-size", 2, "filejobs.steps.set-time-budget", "0s"));
        s3 = context.getBean(S3Client.class);
        for (String bucket : List.of("bucket1", "bucket2", "bucket3")) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        executor = context.getBean(StepExecutor.class);
        reader = context.getBean(JobDefinitionReader.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static Step step(String json) {
        JobDefinition definition = reader.read(("{\"name\":\"sets\",\"steps\":[" + json + "]}").getBytes(StandardCharsets.UTF_8));
        return definition.steps().get(0);
    }

    private static void put(String bucket, String key, String content) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    private static String get(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    private static List<String> keys(String bucket, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).sorted().toList();
    }

    /** Runs the step through every invocation it takes; returns {bytes, invocations}. */
    private static long[] runToTheEnd(Step step) {
        StepExecutor.StepResult result = executor.execute(step, null, UploadJournal.NONE, VALUES);
        long invocations = 1;
        while (result.continuation() != null) {
            result = executor.execute(step, result.continuation(), UploadJournal.NONE, VALUES);
            invocations++;
        }
        return new long[] {result.bytes(), invocations};
    }

    @Test
    void aCopyOfASetCopiesEveryMatchingObjectAcrossInvocations() {
        String in = "copy-" + UUID.randomUUID() + "/";
        for (String name : List.of("a.csv", "b.csv", "c.txt", "d.csv", "sub/e.csv")) {
            put("bucket1", in + name, "data of " + name);
        }
        long[] run = runToTheEnd(step("{\"id\":0,\"name\":\"c\",\"action\":\"COPY\",\"source\":{\"prefix\":\"bucket1/" + in
                + "\",\"match\":\"*.csv\"},\"destination\":\"bucket2/" + in + "{date}/{relativeKey}\"}"));

        assertEquals(List.of(in + "2026-11-28/a.csv", in + "2026-11-28/b.csv", in + "2026-11-28/d.csv"), keys("bucket2", in));
        assertEquals("data of b.csv", get("bucket2", in + "2026-11-28/b.csv"));
        assertEquals(3 * "data of a.csv".length(), run[0]);
        assertTrue(run[1] >= 3, "five keys in pages of two take three invocations, took " + run[1]);
        assertEquals(5, keys("bucket1", in).size(), "a COPY leaves its sources");
    }

    @Test
    void aCopyFansEveryObjectOutToEachDestination() {
        String in = "fan-" + UUID.randomUUID() + "/";
        put("bucket1", in + "x.bin", "x");
        put("bucket1", in + "y.bin", "yy");
        runToTheEnd(step("{\"id\":0,\"name\":\"c\",\"action\":\"COPY\",\"source\":{\"prefix\":\"bucket1/" + in + "\",\"match\":\"*.bin\"},"
                + "\"destinations\":[\"bucket2/" + in + "eu/{basename}\",\"bucket3/" + in + "us/{stem}.copy.{ext}\"]}"));
        assertEquals(List.of(in + "eu/x.bin", in + "eu/y.bin"), keys("bucket2", in));
        assertEquals(List.of(in + "us/x.copy.bin", in + "us/y.copy.bin"), keys("bucket3", in));

        long[] named = runToTheEnd(step("{\"id\":0,\"name\":\"c\",\"action\":\"COPY\",\"source\":\"bucket1/" + in + "y.bin\","
                + "\"destinations\":[\"bucket2/" + in + "one/y.bin\",\"bucket3/" + in + "two/y.bin\"]}"));
        assertEquals("yy", get("bucket2", in + "one/y.bin"));
        assertEquals("yy", get("bucket3", in + "two/y.bin"));
        assertEquals(4, named[0], "two bytes, twice");
    }

    @Test
    void aMoveOfASetMovesEveryObjectUnderThePrefixAndADeleteDeletesOnlyTheMatches() {
        String in = "move-" + UUID.randomUUID() + "/";
        for (String name : List.of("a", "b", "deep/c", "deep/er/d", "e")) {
            put("bucket1", in + name, name);
        }
        runToTheEnd(step("{\"id\":0,\"name\":\"m\",\"action\":\"MOVE\",\"source\":{\"prefix\":\"bucket1/" + in + "\"},"
                + "\"destination\":\"bucket2/" + in + "{relativeKey}\"}"));
        assertEquals(List.of(), keys("bucket1", in));
        assertEquals(List.of(in + "a", in + "b", in + "deep/c", in + "deep/er/d", in + "e"), keys("bucket2", in));
        assertEquals("deep/er/d", get("bucket2", in + "deep/er/d"));

        runToTheEnd(step("{\"id\":0,\"name\":\"d\",\"action\":\"DELETE\",\"source\":{\"prefix\":\"bucket2/" + in + "deep/\",\"match\":\"**\"}}"));
        assertEquals(List.of(in + "a", in + "b", in + "e"), keys("bucket2", in));
    }

    @Test
    void anEmptySetFailsWithNoObjectsSkipsTheRunOrContinuesAsItsSelectorSays() {
        String in = "empty-" + UUID.randomUUID() + "/";
        StepFailure failed = assertThrows(StepFailure.class, () -> runToTheEnd(step("{\"id\":0,\"name\":\"d\",\"action\":\"DELETE\","
                + "\"source\":{\"prefix\":\"bucket1/" + in + "\"}}")));
        assertEquals(StepErrorCode.NO_OBJECTS, failed.code());
        assertTrue(failed.getMessage().contains("bucket1/" + in), failed.getMessage());
        assertEquals(0, runToTheEnd(step("{\"id\":0,\"name\":\"d\",\"action\":\"DELETE\",\"source\":{\"prefix\":\"bucket1/" + in
                + "\",\"ifEmpty\":\"CONTINUE\"}}"))[0]);
        StepExecutor.StepResult skipped = executor.execute(step("{\"id\":0,\"name\":\"m\",\"action\":\"MERGE\",\"sources\":{\"prefix\":"
                + "\"bucket1/" + in + "\",\"ifEmpty\":\"SKIP\"},\"destination\":\"bucket2/" + in + "all\"}"), null, UploadJournal.NONE, VALUES);
        assertTrue(skipped.skipRun().contains("bucket1/" + in), skipped.skipRun());
        assertEquals(null, skipped.continuation());
        StepFailure merge = assertThrows(StepFailure.class, () -> runToTheEnd(step("{\"id\":0,\"name\":\"m\",\"action\":\"MERGE\","
                + "\"sources\":{\"prefix\":\"bucket1/" + in + "\"},\"destination\":\"bucket2/" + in + "all\"}")));
        assertEquals(StepErrorCode.NO_OBJECTS, merge.code());
    }

    @Test
    void aMergeOfASetConcatenatesItInKeyOrderOrInTheOrderTheObjectsArrived() throws Exception {
        String in = "merge-" + UUID.randomUUID() + "/";
        put("bucket1", in + "b.csv", "second,");
        // The store keeps times to the second: a.csv is written (again) until the store dates it after b.csv.
        java.time.Instant b = s3.headObject(h -> h.bucket("bucket1").key(in + "b.csv")).lastModified();
        io.filejobs.core.testing.Eventually.await("a.csv dated after b.csv", java.time.Duration.ofSeconds(10), () -> {
            put("bucket1", in + "a.csv", "first,");
            return s3.headObject(h -> h.bucket("bucket1").key(in + "a.csv")).lastModified();
        }, a -> a.isAfter(b));
        put("bucket1", in + "notes.txt", "ignored");
        runToTheEnd(step("{\"id\":0,\"name\":\"m\",\"action\":\"MERGE\",\"sources\":{\"prefix\":\"bucket1/" + in + "\",\"match\":\"*.csv\"},"
                + "\"destination\":\"bucket2/" + in + "by-key.csv\"}"));
        assertEquals("first,second,", get("bucket2", in + "by-key.csv"));
        runToTheEnd(step("{\"id\":0,\"name\":\"m\",\"action\":\"MERGE\",\"sources\":{\"prefix\":\"bucket1/" + in + "\",\"match\":\"*.csv\","
                + "\"order\":\"LAST_MODIFIED\"},\"destination\":\"bucket2/" + in + "by-arrival.csv\"}"));
        assertEquals("second,first,", get("bucket2", in + "by-arrival.csv"));
    }

    /** Writes 6 MiB of random bytes in two parts by multipart upload; returns them. */
    private static byte[] putMultipart(String bucket, String key) {
        byte[] large = new byte[6 * 1024 * 1024];
        new java.util.Random(7).nextBytes(large);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        List<software.amazon.awssdk.services.s3.model.CompletedPart> parts = new java.util.ArrayList<>();
        for (int part = 1; part <= 2; part++) {
            int number = part;
            int from = part == 1 ? 0 : 5 * 1024 * 1024;
            byte[] slice = java.util.Arrays.copyOfRange(large, from, part == 1 ? 5 * 1024 * 1024 : large.length);
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                    RequestBody.fromBytes(slice)).eTag();
            parts.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        return large;
    }

    /**
     * A set COPY pins each copy to the ETag its listing gave, without reading the object first:
     * keys with spaces, '%', '+' and unicode, and an object of 6 MiB written by multipart upload
     * (whose ETag is not an MD5), each copied to two places byte for byte.
     */
    @Test
    void aCopyOfASetCopiesAwkwardKeysAndMultipartObjectsAsListed() {
        String in = "listed-" + UUID.randomUUID() + "/";
        List<String> names = List.of("a file.csv", "100%+more.csv", "größe/日本語.csv");
        for (String name : names) {
            put("bucket1", in + name, "data of " + name);
        }
        byte[] large = putMultipart("bucket1", in + "big part.bin");

        long[] run = runToTheEnd(step("{\"id\":0,\"name\":\"c\",\"action\":\"COPY\",\"source\":{\"prefix\":\"bucket1/" + in + "\"},"
                + "\"destinations\":[\"bucket2/" + in + "{relativeKey}\",\"bucket3/" + in + "{relativeKey}\"]}"));

        for (String bucket : List.of("bucket2", "bucket3")) {
            for (String name : names) {
                assertEquals("data of " + name, get(bucket, in + name));
            }
            assertTrue(java.util.Arrays.equals(large, s3.getObjectAsBytes(b -> b.bucket(bucket).key(in + "big part.bin")).asByteArray()));
        }
        long small = names.stream().mapToLong(n -> ("data of " + n).getBytes(StandardCharsets.UTF_8).length).sum();
        assertEquals(2 * (small + large.length), run[0]);
        assertEquals(4, keys("bucket1", in).size(), "a COPY leaves its sources");
    }

    /**
     * Keys as users write them (spaces, '%', '+', unicode) and an object of 6 MiB written by
     * multipart upload: listed, named by {relativeKey}, moved, and verified like a named object.
     */
    @Test
    void aMoveOfASetCarriesAwkwardKeysAndMultipartObjects() {
        String in = "awkward-" + UUID.randomUUID() + "/";
        List<String> names = List.of("a file.csv", "100%+more.csv", "größe/日本語.csv");
        for (String name : names) {
            put("bucket1", in + name, "data of " + name);
        }
        byte[] large = putMultipart("bucket1", in + "big part.bin");

        long[] run = runToTheEnd(step("{\"id\":0,\"name\":\"m\",\"action\":\"MOVE\",\"source\":{\"prefix\":\"bucket1/" + in + "\"},"
                + "\"destination\":\"bucket2/" + in + "{date}/{relativeKey}\"}"));

        assertEquals(List.of(), keys("bucket1", in));
        for (String name : names) {
            assertEquals("data of " + name, get("bucket2", in + "2026-11-28/" + name));
        }
        assertTrue(java.util.Arrays.equals(large, s3.getObjectAsBytes(b -> b.bucket("bucket2").key(in + "2026-11-28/big part.bin")).asByteArray()));
        long small = names.stream().mapToLong(n -> ("data of " + n).getBytes(StandardCharsets.UTF_8).length).sum();
        assertEquals(small + large.length, run[0]);
    }

    @Test
    void aSetOffTheBucketPolicyIsRefusedBeforeAnyRequest() {
        String definitions = context.getBean(io.filejobs.core.config.FileJobsConfiguration.class).getDefinitionsBucket();
        StepFailure refused = assertThrows(StepFailure.class, () -> runToTheEnd(new Step(0, "d",
                new io.filejobs.core.step.DeleteSpec(null, new ObjectSelector(definitions + "/jobs/", null, ObjectSelector.Order.KEY,
                        ObjectSelector.IfEmpty.FAIL)))));
        assertEquals(StepErrorCode.BUCKET_NOT_ALLOWED, refused.code());
    }
}
