package io.filejobs.core.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.testing.MotoServer;
import io.filejobs.storage.local.LocalS3Server;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;

/**
 * MOVE of sources written every way S3 writes them, on two S3 implementations: S3Proxy (the
 * embedded store) and moto. A one-request copy of a multipart object gets a new ETag, so the MOVE
 * must prove its copy by what S3 guarantees, not by comparing ETags; and a source replaced while it
 * moves must never be deleted.
 */
class MoveVerificationTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path dir;
    private static LocalS3Server s3proxy;
    private static MotoServer moto;

    private final AtomicReference<Predicate<SdkRequest>> trigger = new AtomicReference<>();
    private final AtomicReference<Runnable> action = new AtomicReference<>();
    private final List<S3Client> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        s3proxy = LocalS3Server.start(dir.resolve("s3"), "127.0.0.1", 0);
        moto = MotoServer.start(dir.resolve("moto.log").toFile());
    }

    @AfterAll
    static void stop() throws Exception {
        s3proxy.close();
        moto.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(S3Client::close);
    }

    static Stream<String> stores() {
        return Stream.of("s3proxy", "moto");
    }

    /** One store's clients: an admin that sets things up, and the step actions with a hook before each request. */
    private final class Store {
        final S3Client admin;
        final MoveAction move;
        final String bucket;
        final String target;

        Store(String name, long multipartCopyThreshold) {
            URI endpoint = name.equals("moto") ? moto.endpoint() : s3proxy.endpoint();
            admin = client(endpoint);
            S3Client hooked = client(endpoint, new ExecutionInterceptor() {
                @Override
                public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                    Predicate<SdkRequest> when = trigger.get();
                    if (when != null && when.test(context.request()) && trigger.compareAndSet(when, null)) {
                        action.get().run();
                    }
                }
            });
            StepsConfiguration config = new StepsConfiguration();
            config.setMultipartCopyThreshold(multipartCopyThreshold);
            config.setCopyPartSize(StepsConfiguration.MIN_PART);
            S3Objects objects = new S3Objects(hooked);
            move = new MoveAction(hooked, objects, new CopyAction(hooked, objects, config, null), null);
            bucket = "move-src-" + Long.toHexString(new Random().nextLong() & 0xffffffL);
            target = bucket + "-dst";
            admin.createBucket(b -> b.bucket(bucket));
            admin.createBucket(b -> b.bucket(target));
        }

        void put(ObjectRef ref, byte[] data) {
            admin.putObject(b -> b.bucket(ref.bucket()).key(ref.key()).contentType("text/csv"), RequestBody.fromBytes(data));
        }

        /** Writes the object as a multipart upload, in parts of 5 MiB and a last, shorter one. */
        String putMultipart(ObjectRef ref, byte[] data) {
            String uploadId = admin.createMultipartUpload(b -> b.bucket(ref.bucket()).key(ref.key()).contentType("text/csv")).uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            for (int offset = 0, number = 1; offset < data.length; offset += 5 * MIB, number++) {
                int from = offset;
                int length = Math.min(5 * MIB, data.length - offset);
                int partNumber = number;
                String etag = admin.uploadPart(b -> b.bucket(ref.bucket()).key(ref.key()).uploadId(uploadId).partNumber(partNumber),
                        RequestBody.fromBytes(java.util.Arrays.copyOfRange(data, from, from + length))).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            return admin.completeMultipartUpload(b -> b.bucket(ref.bucket()).key(ref.key()).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))).eTag();
        }

        byte[] get(ObjectRef ref) {
            return admin.getObjectAsBytes(b -> b.bucket(ref.bucket()).key(ref.key())).asByteArray();
        }

        boolean exists(ObjectRef ref) {
            return new S3Objects(admin).head(ref).isPresent();
        }
    }

    private S3Client client(URI endpoint, ExecutionInterceptor... interceptors) {
        S3Client client = S3Client.builder().httpClient(io.filejobs.core.aws.CheckedIoHttpClients.wrap(UrlConnectionHttpClient.create())).endpointOverride(endpoint)
                .region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> List.of(interceptors).forEach(o::addExecutionInterceptor))
                .build();
        clients.add(client);
        return client;
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

    @ParameterizedTest
    @MethodSource("stores")
    void aSourceWrittenByMultipartUploadMoves(String name) {
        Store store = new Store(name, 5L * 1024 * MIB);
        ObjectRef source = new ObjectRef(store.bucket, "merged/merged files.txt");
        ObjectRef destination = new ObjectRef(store.target, "merged/merged files.txt");
        byte[] data = bytes(7 * MIB + 3, 1);
        String etag = store.putMultipart(source, data);
        assertTrue(etag.contains("-2"), "the source is a two-part object: " + etag);

        MoveAction.Moved moved = store.move.move(source, destination);

        assertEquals(data.length, moved.bytes());
        assertFalse(store.exists(source), "the source is gone");
        assertArrayEquals(data, store.get(destination));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aSinglePartSourceMoves(String name) {
        Store store = new Store(name, 5L * 1024 * MIB);
        ObjectRef source = new ObjectRef(store.bucket, "one part/ü+%.csv");
        ObjectRef destination = new ObjectRef(store.target, "moved/ü+%.csv");
        byte[] data = bytes(6 * MIB, 2);
        store.put(source, data);

        store.move.move(source, destination);

        assertFalse(store.exists(source));
        assertArrayEquals(data, store.get(destination));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aSourceAboveTheMultipartCopyThresholdMovesPartByPart(String name) {
        Store store = new Store(name, MIB);
        ObjectRef source = new ObjectRef(store.bucket, "big/source.bin");
        ObjectRef destination = new ObjectRef(store.target, "big/moved.bin");
        byte[] data = bytes(11 * MIB + 5, 3);
        store.putMultipart(source, data);
        AtomicReference<Integer> partCopies = new AtomicReference<>(0);
        before(r -> r instanceof UploadPartCopyRequest, () -> partCopies.set(partCopies.get() + 1));

        store.move.move(source, destination);

        assertEquals(1, partCopies.get(), "the copy went part by part");
        assertFalse(store.exists(source));
        assertArrayEquals(data, store.get(destination));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aSourceReplacedBeforeItsCopyIsNeverDeleted(String name) {
        Store store = new Store(name, 5L * 1024 * MIB);
        ObjectRef source = new ObjectRef(store.bucket, "replaced/before copy.bin");
        ObjectRef destination = new ObjectRef(store.target, "replaced/before copy.bin");
        byte[] newer = bytes(6 * MIB, 5);
        store.putMultipart(source, bytes(6 * MIB, 4));
        // The same size: only the content differs, so a size check alone would not notice.
        before(r -> r instanceof CopyObjectRequest, () -> store.put(source, newer));

        StepFailure failure = assertThrows(StepFailure.class, () -> store.move.move(source, destination));

        assertEquals(StepErrorCode.PRECONDITION_FAILED, failure.code(), failure.getMessage());
        assertArrayEquals(newer, store.get(source), "the newer version is kept");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aSourceReplacedAfterItsCopyIsNeverDeleted(String name) {
        Store store = new Store(name, 5L * 1024 * MIB);
        ObjectRef source = new ObjectRef(store.bucket, "replaced/after copy.bin");
        ObjectRef destination = new ObjectRef(store.target, "replaced/after copy.bin");
        byte[] original = bytes(6 * MIB, 6);
        byte[] newer = bytes(6 * MIB, 7);
        store.putMultipart(source, original);
        before(r -> r instanceof DeleteObjectRequest, () -> store.put(source, newer));

        StepFailure failure = assertThrows(StepFailure.class, () -> store.move.move(source, destination));

        assertEquals(StepErrorCode.PRECONDITION_FAILED, failure.code(), failure.getMessage());
        assertArrayEquals(newer, store.get(source), "the newer version is kept");
        assertArrayEquals(original, store.get(destination), "the version that was copied arrived");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aDestinationOverwrittenBeforeTheSourceIsDeletedKeepsTheSource(String name) {
        Store store = new Store(name, 5L * 1024 * MIB);
        ObjectRef source = new ObjectRef(store.bucket, "raced/source.bin");
        ObjectRef destination = new ObjectRef(store.target, "raced/destination.bin");
        byte[] data = bytes(6 * MIB, 8);
        store.putMultipart(source, data);
        // Another writer replaces the copy right after it was made: the only full copy is the source.
        before(r -> r instanceof software.amazon.awssdk.services.s3.model.HeadObjectRequest h
                && h.bucket().equals(destination.bucket()), () -> store.put(destination, bytes(6 * MIB, 9)));

        StepFailure failure = assertThrows(StepFailure.class, () -> store.move.move(source, destination));

        assertEquals(StepErrorCode.PRECONDITION_FAILED, failure.code(), failure.getMessage());
        assertArrayEquals(data, store.get(source), "the source is kept");
    }
}
