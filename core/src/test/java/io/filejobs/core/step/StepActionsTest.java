package io.filejobs.core.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.merge.MergeAction;
import io.filejobs.core.step.set.ObjectSetRunner;
import io.filejobs.storage.local.LocalS3Server;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** COPY, MOVE and DELETE against an S3 protocol endpoint, including failures injected mid-step. */
class StepActionsTest {

    @TempDir
    static Path dir;
    private static LocalS3Server server;
    private static S3Client admin;

    /** Runs once, just before the first request the predicate matches; cleared after each test. */
    private final AtomicReference<Predicate<SdkRequest>> trigger = new AtomicReference<>();
    private final AtomicReference<Runnable> action = new AtomicReference<>();
    private S3Client s3;
    private StepsConfiguration config;
    private CopyAction copy;
    private MoveAction move;
    private DeleteAction delete;
    private MergeAction merge;

    private static S3Client client(ExecutionInterceptor... interceptors) {
        return S3Client.builder().httpClient(io.filejobs.core.aws.CheckedIoHttpClients.wrap(UrlConnectionHttpClient.create())).endpointOverride(server.endpoint())
                .region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> {
                    for (ExecutionInterceptor i : interceptors) {
                        o.addExecutionInterceptor(i);
                    }
                })
                .build();
    }

    @BeforeAll
    static void start() throws Exception {
        server = LocalS3Server.start(dir, "127.0.0.1", 0);
        admin = client();
        for (String bucket : new String[] {"bucket1", "bucket2", "bucket3"}) {
            admin.createBucket(b -> b.bucket(bucket));
        }
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    @BeforeEach
    void actions() {
        s3 = client(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                Predicate<SdkRequest> when = trigger.get();
                if (when != null && when.test(context.request()) && trigger.compareAndSet(when, null)) {
                    action.get().run();
                }
            }
        });
        config = new StepsConfiguration();
        config.setMultipartCopyThreshold(1024 * 1024);
        config.setCopyPartSize(StepsConfiguration.MIN_PART);
        S3Objects objects = new S3Objects(s3);
        ObjectSetRunner sets = io.filejobs.core.testing.TestActions.sets(s3, config);
        copy = new CopyAction(s3, objects, config, sets);
        move = new MoveAction(s3, objects, copy, sets);
        delete = new DeleteAction(s3, objects, sets);
        merge = new MergeAction(s3, objects, config, java.time.Clock.systemUTC());
    }

    private void before(Predicate<SdkRequest> when, Runnable then) {
        action.set(then);
        trigger.set(when);
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static void put(ObjectRef ref, byte[] data) {
        admin.putObject(b -> b.bucket(ref.bucket()).key(ref.key()).contentType("text/x-filejobs").metadata(Map.of("owner", "team-a")),
                RequestBody.fromBytes(data));
    }

    private static byte[] get(ObjectRef ref) {
        return admin.getObjectAsBytes(b -> b.bucket(ref.bucket()).key(ref.key())).asByteArray();
    }

    private static boolean exists(ObjectRef ref) {
        return new S3Objects(admin).head(ref).isPresent();
    }

    private static void assertNoUploadsLeft(String bucket) {
        assertEquals(0, admin.listMultipartUploads(b -> b.bucket(bucket)).uploads().size(), "no multipart upload left in " + bucket);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain.txt", "dir/with spaces/a+b%20c.txt", "ünïcödé/名前/файл.bin", "deep//double//slashes.txt"})
    void copyKeepsBytesContentTypeAndMetadataWhateverTheKey(String key) {
        ObjectRef source = new ObjectRef("bucket1", "copy-src/" + key);
        ObjectRef destination = new ObjectRef("bucket2", "copy-dst/" + key);
        byte[] data = bytes(1000, key.hashCode());
        put(source, data);

        CopyAction.Copied copied = copy.copy(source, destination);

        assertEquals(1000, copied.bytes());
        assertEquals(1, copied.parts());
        assertArrayEquals(data, get(destination));
        HeadObjectResponse head = admin.headObject(b -> b.bucket(destination.bucket()).key(destination.key()));
        assertEquals("text/x-filejobs", head.contentType());
        assertEquals(Map.of("owner", "team-a"), head.metadata());
        assertArrayEquals(data, get(source), "COPY leaves the source");
    }

    @Test
    void aLargeCopyGoesPartByPartAndKeepsEverything() {
        ObjectRef source = new ObjectRef("bucket1", "big/source.bin");
        ObjectRef destination = new ObjectRef("bucket2", "big/copy of source.bin");
        byte[] data = bytes(12 * 1024 * 1024 + 17, 1);
        put(source, data);

        CopyAction.Copied copied = copy.copy(source, destination);

        assertEquals(3, copied.parts());
        assertArrayEquals(data, get(destination));
        HeadObjectResponse head = admin.headObject(b -> b.bucket(destination.bucket()).key(destination.key()));
        assertEquals("text/x-filejobs", head.contentType());
        assertEquals(Map.of("owner", "team-a"), head.metadata());
        assertNoUploadsLeft("bucket2");
    }

    @Test
    void aSourceReplacedMidCopyFailsTheStepAndLeavesNoObjectAndNoUpload() {
        ObjectRef source = new ObjectRef("bucket1", "big/changing.bin");
        ObjectRef destination = new ObjectRef("bucket3", "big/changing.bin");
        put(source, bytes(12 * 1024 * 1024, 2));
        before(r -> r instanceof UploadPartCopyRequest p && p.partNumber() == 2, () -> put(source, bytes(12 * 1024 * 1024, 3)));

        StepFailure failure = assertThrows(StepFailure.class, () -> copy.copy(source, destination));

        assertEquals(StepErrorCode.PRECONDITION_FAILED, failure.code());
        assertFalse(exists(destination), "no partial destination");
        assertNoUploadsLeft("bucket3");
    }

    @Test
    void missingSourcesAndBucketsAreSourceNotFound() {
        ObjectRef present = new ObjectRef("bucket1", "present.txt");
        put(present, bytes(10, 4));
        assertEquals(StepErrorCode.SOURCE_NOT_FOUND,
                assertThrows(StepFailure.class, () -> copy.copy(new ObjectRef("bucket1", "absent.txt"), new ObjectRef("bucket2", "x"))).code());
        assertEquals(StepErrorCode.SOURCE_NOT_FOUND,
                assertThrows(StepFailure.class, () -> copy.copy(new ObjectRef("no-such-bucket", "a"), new ObjectRef("bucket2", "x"))).code());
        StepFailure missingDestinationBucket = assertThrows(StepFailure.class, () -> copy.copy(present, new ObjectRef("no-such-bucket", "x")));
        assertEquals(StepErrorCode.SOURCE_NOT_FOUND, missingDestinationBucket.code());
        assertTrue(missingDestinationBucket.getMessage().contains("bucket"), missingDestinationBucket.getMessage());
        assertEquals(StepErrorCode.SOURCE_NOT_FOUND,
                assertThrows(StepFailure.class, () -> move.move(new ObjectRef("bucket1", "absent.txt"), new ObjectRef("bucket2", "y"))).code());
    }

    @Test
    void moveCopiesVerifiesThenDeletesTheSource() {
        ObjectRef source = new ObjectRef("bucket1", "move/a b+c%.txt");
        ObjectRef destination = new ObjectRef("bucket3", "moved/a b+c%.txt");
        byte[] data = bytes(5000, 5);
        put(source, data);

        MoveAction.Moved moved = move.move(source, destination);

        assertEquals(5000, moved.bytes());
        assertFalse(moved.alreadyDone());
        assertFalse(exists(source));
        assertArrayEquals(data, get(destination));
        assertEquals("text/x-filejobs", admin.headObject(b -> b.bucket(destination.bucket()).key(destination.key())).contentType());
    }

    @Test
    void aLargeMoveGoesPartByPart() {
        ObjectRef source = new ObjectRef("bucket1", "move/big.bin");
        ObjectRef destination = new ObjectRef("bucket2", "moved/big.bin");
        byte[] data = bytes(11 * 1024 * 1024, 6);
        put(source, data);
        move.move(source, destination);
        assertFalse(exists(source));
        assertArrayEquals(data, get(destination));
        assertNoUploadsLeft("bucket2");
    }

    @Test
    void aMoveInterruptedBetweenCopyAndDeleteFinishesWhenRunAgainAndLosesNothing() {
        ObjectRef source = new ObjectRef("bucket1", "move/interrupted.txt");
        ObjectRef destination = new ObjectRef("bucket2", "moved/interrupted.txt");
        byte[] data = bytes(3000, 7);
        put(source, data);
        before(r -> r instanceof DeleteObjectRequest, () -> {
            throw new IllegalStateException("the worker died after the copy");
        });

        assertThrows(RuntimeException.class, () -> move.move(source, destination));
        assertArrayEquals(data, get(source), "the source is still there");
        assertArrayEquals(data, get(destination), "and so is the copy");

        MoveAction.Moved again = move.move(source, destination);
        assertFalse(again.alreadyDone());
        assertFalse(exists(source));
        assertArrayEquals(data, get(destination));

        MoveAction.Moved thirdTime = move.move(source, destination);
        assertTrue(thirdTime.alreadyDone(), "a finished move run again is success");
        assertArrayEquals(data, get(destination));
    }

    @Test
    void aSourceReplacedAfterTheCopyIsNotDeleted() {
        ObjectRef source = new ObjectRef("bucket1", "move/replaced.txt");
        ObjectRef destination = new ObjectRef("bucket2", "moved/replaced.txt");
        byte[] original = bytes(2000, 8);
        byte[] newer = bytes(2100, 9);
        put(source, original);
        before(r -> r instanceof DeleteObjectRequest, () -> put(source, newer));

        StepFailure failure = assertThrows(StepFailure.class, () -> move.move(source, destination));

        assertEquals(StepErrorCode.PRECONDITION_FAILED, failure.code());
        assertArrayEquals(newer, get(source), "the newer version stays");
        assertArrayEquals(original, get(destination), "the version that was copied arrived");
    }

    /**
     * The embedded store keeps objects as files, so a key ending in '/' names a directory: a write
     * there is answered with success and holds no bytes. Reading back what was written catches it.
     */
    @Test
    void writesToAKeyTheStoreCannotHoldFailTheStepAndKeepTheSource() {
        ObjectRef source = new ObjectRef("bucket1", "dir-key/source.txt");
        byte[] data = bytes(4000, 40);
        put(source, data);
        List<ObjectRef> parts = putAll("dir-key-merge", 3000, 2000);

        StepFailure copied = assertThrows(StepFailure.class, () -> copy.copy(source, new ObjectRef("bucket2", "dir-key/copy/")));
        // S3Proxy now and then answers such a PutObject before it has read the body, which the SDK reports as a
        // broken connection (TRANSIENT); the state machine tries a TRANSIENT step again, and so does this test.
        StepFailure merged = assertThrows(StepFailure.class, () -> merge.merge(parts, new ObjectRef("bucket2", "dir-key/merged/")));
        for (int retry = 0; retry < 3 && merged.code() == StepErrorCode.TRANSIENT; retry++) {
            merged = assertThrows(StepFailure.class, () -> merge.merge(parts, new ObjectRef("bucket2", "dir-key/merged/")));
        }
        StepFailure moved = assertThrows(StepFailure.class, () -> move.move(source, new ObjectRef("bucket3", "dir-key/moved/")));

        for (StepFailure failure : List.of(copied, merged, moved)) {
            assertEquals(StepErrorCode.INTERNAL, failure.code(), failure.getMessage());
            assertTrue(failure.getMessage().contains("bytes at"), failure.getMessage());
        }
        assertArrayEquals(data, get(source), "the MOVE kept its source");
    }

    /** Checksums are read only where they are compared: on SSE-KMS objects reading one needs kms:Decrypt. */
    @Test
    void onlyTheStepsThatCompareChecksumsAskForThem() {
        List<software.amazon.awssdk.services.s3.model.HeadObjectRequest> heads = new java.util.concurrent.CopyOnWriteArrayList<>();
        S3Client recording = client(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof software.amazon.awssdk.services.s3.model.HeadObjectRequest head) {
                    heads.add(head);
                }
            }
        });
        S3Objects objects = new S3Objects(recording);
        ObjectRef source = new ObjectRef("bucket1", "checksums/source.txt");
        put(source, bytes(100, 50));

        new DeleteAction(recording, objects, null).delete(new ObjectRef("bucket1", "checksums/absent.txt"));
        objects.head(source);
        assertTrue(heads.stream().allMatch(h -> h.checksumMode() == null), heads.toString());

        heads.clear();
        new CopyAction(recording, objects, config, null).copy(source, new ObjectRef("bucket2", "checksums/copy.txt"));
        assertTrue(!heads.isEmpty() && heads.stream().allMatch(h -> h.checksumMode() == software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED),
                heads.toString());
        recording.close();
    }

    @Test
    void deleteRemovesExactlyTheNamedObjectAndAMissingOneIsSuccess() {
        ObjectRef doomed = new ObjectRef("bucket1", "delete/a.txt");
        ObjectRef neighbour = new ObjectRef("bucket1", "delete/a.txt.keep");
        put(doomed, bytes(42, 10));
        put(neighbour, bytes(43, 11));

        assertEquals(42, delete.delete(doomed));
        assertFalse(exists(doomed));
        assertTrue(exists(neighbour));
        assertEquals(0, delete.delete(doomed), "deleting again succeeds");
        assertEquals(StepErrorCode.SOURCE_NOT_FOUND,
                assertThrows(StepFailure.class, () -> delete.delete(new ObjectRef("no-such-bucket", "a"))).code());
    }

    private static final int MIB = 1024 * 1024;

    private static List<ObjectRef> putAll(String prefix, int... sizes) {
        List<ObjectRef> refs = new java.util.ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            ObjectRef ref = new ObjectRef("bucket1", prefix + "/part " + i + "+%.bin");
            put(ref, bytes(sizes[i], prefix.hashCode() + i));
            refs.add(ref);
        }
        return refs;
    }

    private static byte[] concat(List<ObjectRef> refs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        refs.forEach(r -> out.writeBytes(get(r)));
        return out.toByteArray();
    }

    @Test
    void theDesignExampleMergeOfTwoSmallFilesIsOnePut() {
        ObjectRef file1 = new ObjectRef("bucket1", "file1.txt");
        ObjectRef file2 = new ObjectRef("bucket1", "file2.txt");
        admin.putObject(b -> b.bucket("bucket1").key("file1.txt").contentType("text/plain"), RequestBody.fromString("first extract\n"));
        admin.putObject(b -> b.bucket("bucket1").key("file2.txt"), RequestBody.fromString("second extract\n"));
        ObjectRef merged = new ObjectRef("bucket1", "merged_files.txt");

        MergeAction.Merged result = merge.merge(List.of(file1, file2), merged);

        assertEquals(0, result.parts());
        assertEquals("first extract\nsecond extract\n", new String(get(merged), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("text/plain", admin.headObject(b -> b.bucket("bucket1").key("merged_files.txt")).contentType());
    }

    @Test
    void aMixedMergeCopiesLargeSourcesInsideS3AndKeepsOrder() {
        // 1 MiB is topped up from the head of the first 12 MiB source, whose remaining 8 MiB are copied
        // inside S3; likewise 300 KiB and the second 12 MiB source; the 17 bytes end the result.
        List<ObjectRef> sources = putAll("mixed", MIB, 12 * MIB, 0, 300 * 1024, 12 * MIB, 17);
        ObjectRef destination = new ObjectRef("bucket2", "mixed/all parts.bin");

        MergeAction.Merged result = merge.merge(sources, destination);

        assertArrayEquals(concat(sources), get(destination));
        assertEquals(MIB + 12 * MIB + 300 * 1024 + 12 * MIB + 17, result.bytes());
        assertEquals(5, result.parts());
        assertEquals(2 * 5 * MIB + 17, result.bytesThroughWorker());
        assertTrue(result.bytesThroughWorker() < result.bytes() / 2, "most bytes were copied inside S3: " + result);
        assertNoUploadsLeft("bucket2");
    }

    @Test
    void aDestinationThatIsAlsoASourceIsAppendedTo() {
        List<ObjectRef> large = putAll("append-large", 6 * MIB, MIB);
        byte[] expected = concat(large);
        merge.merge(large, large.get(0));
        assertArrayEquals(expected, get(large.get(0)));

        List<ObjectRef> small = putAll("append-small", 100, 200);
        byte[] expectedSmall = concat(small);
        merge.merge(small, small.get(0));
        assertArrayEquals(expectedSmall, get(small.get(0)));
        assertNoUploadsLeft("bucket1");
    }

    @Test
    void aMissingSourceFailsTheMergeBeforeAnythingIsWritten() {
        List<ObjectRef> sources = new java.util.ArrayList<>(putAll("missing", 10, 20));
        sources.add(new ObjectRef("bucket1", "missing/not there.bin"));
        ObjectRef destination = new ObjectRef("bucket3", "missing/merged.bin");
        assertEquals(StepErrorCode.SOURCE_NOT_FOUND, assertThrows(StepFailure.class, () -> merge.merge(sources, destination)).code());
        assertFalse(exists(destination));
    }

    @Test
    void aMergeFailingHalfWayLeavesNoObjectAndNoUpload() {
        List<ObjectRef> sources = putAll("halfway", 6 * MIB, MIB, 6 * MIB);
        ObjectRef destination = new ObjectRef("bucket3", "halfway/merged.bin");
        before(r -> r instanceof UploadPartRequest || r instanceof UploadPartCopyRequest p && p.partNumber() == 2, () -> {
            throw new IllegalStateException("the worker died half-way");
        });
        assertThrows(RuntimeException.class, () -> merge.merge(sources, destination));
        assertFalse(exists(destination));
        assertNoUploadsLeft("bucket3");
    }

    @Test
    void aSourceReplacedMidMergeFailsWithPreconditionFailedAndLeavesNothing() {
        config.setMergeConcurrency(1); // so the replacement falls between the first part and the read of the second
        List<ObjectRef> sources = putAll("replaced", 6 * MIB, 2 * MIB, 6 * MIB);
        ObjectRef destination = new ObjectRef("bucket3", "replaced/merged.bin");
        before(r -> r instanceof UploadPartCopyRequest || r instanceof UploadPartRequest, () -> put(sources.get(1), bytes(2 * MIB, 99)));
        StepFailure failure = assertThrows(StepFailure.class, () -> merge.merge(sources, destination));
        assertEquals(StepErrorCode.PRECONDITION_FAILED, failure.code(), failure::toString);
        assertFalse(exists(destination));
        assertNoUploadsLeft("bucket3");
    }

    @Test
    void sizesAtThePartEdgesMergeByteForByte() {
        List<ObjectRef> sources = putAll("edges", 0, 1, 5 * MIB - 1, 5 * MIB, 5 * MIB + 1, 0);
        ObjectRef destination = new ObjectRef("bucket2", "edges/merged.bin");
        MergeAction.Merged result = merge.merge(sources, destination);
        assertArrayEquals(concat(sources), get(destination));
        assertEquals(15L * MIB + 1, result.bytes());
        assertNoUploadsLeft("bucket2");
    }

    @Test
    void aSingleSourceMergesIntoACopyOfIt() {
        List<ObjectRef> one = putAll("single", 7 * MIB);
        ObjectRef destination = new ObjectRef("bucket2", "single/merged.bin");
        assertEquals(1, merge.merge(one, destination).parts());
        assertArrayEquals(get(one.get(0)), get(destination));
    }

    @Test
    void gatheredPartsLargerThanTheBufferAreStreamedAndStillInOrder() {
        config.setMergeBufferBytes(MIB);
        int[] sizes = new int[40];
        java.util.Arrays.fill(sizes, 300 * 1024);
        sizes[17] = 6 * MIB;
        List<ObjectRef> sources = putAll("streamed", sizes);
        ObjectRef destination = new ObjectRef("bucket2", "streamed/merged.bin");
        MergeAction.Merged result = merge.merge(sources, destination);
        assertArrayEquals(concat(sources), get(destination));
        assertTrue(result.bytesThroughWorker() > 5 * MIB, "gathered parts went through the worker: " + result);
        assertNoUploadsLeft("bucket2");
    }

    /** The merge with a time budget of zero: every invocation does one part, then hands its progress back. */
    private MergeAction oneConcurrentPartPerInvocation() {
        StepsConfiguration serial = new StepsConfiguration();
        serial.setCopyPartSize(StepsConfiguration.MIN_PART);
        serial.setMergeConcurrency(1);
        return new MergeAction(s3, new S3Objects(s3), serial, java.time.Clock.systemUTC());
    }

    @Test
    void aMergeContinuedAcrossThreeInvocationsWritesTheSameBytesAsOne() {
        // Three parts: 6 MiB copied inside S3, 2 + 4 MiB gathered and sent, 6 MiB copied.
        List<ObjectRef> sources = putAll("continued", 6 * MIB, 2 * MIB, 4 * MIB, 6 * MIB);
        ObjectRef once = new ObjectRef("bucket2", "continued/in one go.bin");
        ObjectRef inThree = new ObjectRef("bucket3", "continued/in three.bin");
        merge.merge(sources, once);

        MergeAction stepwise = oneConcurrentPartPerInvocation();
        MergeAction.Outcome first = stepwise.merge(sources, inThree, null, java.time.Duration.ZERO);
        assertFalse(first.finished());
        assertEquals(List.of(1, 3, 6L * MIB, 1), List.of(first.progress().partsDone(), first.progress().parts(),
                first.progress().bytesDone(), first.progress().invocations()));
        assertFalse(exists(inThree), "nothing is visible before the last invocation completes the upload");
        MergeAction.Outcome second = stepwise.merge(sources, inThree, first.progress(), java.time.Duration.ZERO);
        assertEquals(2, second.progress().partsDone());
        assertEquals(first.progress().uploadId(), second.progress().uploadId(), "the same upload goes on");
        assertEquals(1, admin.listMultipartUploads(b -> b.bucket("bucket3")).uploads().size());
        MergeAction.Outcome third = stepwise.merge(sources, inThree, second.progress(), java.time.Duration.ZERO);

        assertTrue(third.finished());
        assertEquals(18L * MIB, third.merged().bytes());
        assertArrayEquals(get(once), get(inThree));
        assertArrayEquals(concat(sources), get(inThree));
        assertNoUploadsLeft("bucket3");
    }

    @Test
    void aSourceChangedBetweenInvocationsFailsTheMergeAndAbortsItsUpload() {
        List<ObjectRef> sources = putAll("changed-between", 6 * MIB, 6 * MIB);
        ObjectRef destination = new ObjectRef("bucket3", "changed-between/merged.bin");
        MergeAction stepwise = oneConcurrentPartPerInvocation();
        MergeAction.Outcome first = stepwise.merge(sources, destination, null, java.time.Duration.ZERO);
        put(sources.get(1), bytes(6 * MIB, 7));
        StepFailure failure = assertThrows(StepFailure.class, () -> stepwise.merge(sources, destination, first.progress(), java.time.Duration.ZERO));
        assertEquals(StepErrorCode.PRECONDITION_FAILED, failure.code());
        assertFalse(exists(destination));
        assertNoUploadsLeft("bucket3");
    }

    @Test
    void aFailureInALaterInvocationAbortsTheUploadAndARetryStartsAfresh() {
        List<ObjectRef> sources = putAll("later-failure", 6 * MIB, 6 * MIB, 6 * MIB);
        ObjectRef destination = new ObjectRef("bucket3", "later-failure/merged.bin");
        MergeAction stepwise = oneConcurrentPartPerInvocation();
        MergeAction.Outcome first = stepwise.merge(sources, destination, null, java.time.Duration.ZERO);
        before(r -> r instanceof UploadPartCopyRequest, () -> {
            throw new IllegalStateException("the worker died between parts");
        });
        assertThrows(RuntimeException.class, () -> stepwise.merge(sources, destination, first.progress(), java.time.Duration.ZERO));
        assertFalse(exists(destination));
        assertNoUploadsLeft("bucket3");
        // The state machine retries with the document it had: the upload is gone, so the merge begins again.
        MergeAction.Outcome retried = stepwise.merge(sources, destination, first.progress(), null);
        assertTrue(retried.finished());
        assertArrayEquals(concat(sources), get(destination));
        assertNoUploadsLeft("bucket3");
    }

    @Test
    void anAbandonedMergeLeavesNoUpload() {
        List<ObjectRef> sources = putAll("abandoned", 6 * MIB, 6 * MIB);
        ObjectRef destination = new ObjectRef("bucket3", "abandoned/merged.bin");
        MergeAction.Outcome first = oneConcurrentPartPerInvocation().merge(sources, destination, null, java.time.Duration.ZERO);
        assertEquals(1, admin.listMultipartUploads(b -> b.bucket("bucket3")).uploads().size());
        merge.abandon(destination, first.progress());
        assertNoUploadsLeft("bucket3");
        assertFalse(exists(destination));
    }

    @Test
    void manyPartsInParallelFailingHalfWayLeaveNoObjectAndNoUpload() {
        config.setMergeConcurrency(4);
        List<ObjectRef> sources = putAll("parallel-failure", 6 * MIB, 6 * MIB, 6 * MIB, 6 * MIB, 6 * MIB, 6 * MIB, 6 * MIB, 6 * MIB);
        ObjectRef destination = new ObjectRef("bucket3", "parallel-failure/merged.bin");
        before(r -> r instanceof UploadPartCopyRequest p && p.partNumber() == 5, () -> {
            throw new IllegalStateException("part 5 failed");
        });
        assertThrows(RuntimeException.class, () -> merge.merge(sources, destination));
        assertFalse(exists(destination));
        assertNoUploadsLeft("bucket3");
        MergeAction.Merged ok = merge.merge(sources, destination);
        assertEquals(8, ok.parts());
        assertArrayEquals(concat(sources), get(destination));
    }

    @Test
    void mergeSettingsOutsideTheirBoundsAreRefusedByName() {
        StepsConfiguration settings = new StepsConfiguration();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings.setMergeConcurrency(0)).getMessage()
                .contains("merge-concurrency"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings.setMergeBufferBytes(-1)).getMessage()
                .contains("merge-buffer-bytes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings.setMergeTimeBudget(java.time.Duration.ofMinutes(15)))
                .getMessage().contains("merge-time-budget"));
        assertEquals(4, settings.getMergeConcurrency(), "a refused value changes nothing");
    }

    @Test
    void multipartPartSizeGrowsToStayWithinTenThousandParts() {
        StepsConfiguration defaults = new StepsConfiguration();
        assertEquals(512L * 1024 * 1024, defaults.partSizeFor(6L * 1024 * 1024 * 1024));
        long fiveTiB = 5L * 1024 * 1024 * 1024 * 1024;
        long part = defaults.partSizeFor(fiveTiB);
        assertTrue((fiveTiB + part - 1) / part <= StepsConfiguration.MAX_PARTS);
        assertTrue(part <= StepsConfiguration.MAX_SINGLE_COPY);
    }
}
