package io.filejobs.storage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The embedded endpoint's listings, cut from one walk of a bucket's folder, against what the
 * folder store itself lists: every page of every kind of listing (start-after, continuation tokens,
 * version 1 markers, a partial prefix) gives the same objects in the same order, one walk serves a
 * whole paging, and a write to the bucket between two pages is seen by the next page.
 */
class ListingCacheTest {

    private static final int OBJECTS = 1_500;
    private static final List<String> AWKWARD = List.of("set/a b+c%.txt", "set/ünï/ö.txt", "set/z😀.txt", "set/x-y", "set/x/y", "set/x0",
            "set/<img src=x onerror=alert(1)>.txt");

    @TempDir
    static Path dir;
    private static LocalS3Server server;
    private static S3Client s3;
    private static FilesystemNio2BlobStore folder;

    @BeforeAll
    static void start() throws Exception {
        server = LocalS3Server.start(dir, "127.0.0.1", 0);
        s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any"))).build();
        s3.createBucket(b -> b.bucket("set-bucket"));
        s3.createBucket(b -> b.bucket("other"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> puts = new ArrayList<>();
        List<String> keys = new ArrayList<>(AWKWARD);
        for (int i = 0; i < OBJECTS; i++) {
            keys.add("set/d" + (i % 5) + "/o-" + i + ".bin");
        }
        for (String key : keys) {
            puts.add(pool.submit(() -> retried(() -> s3.putObject(p -> p.bucket("set-bucket").key(key),
                    RequestBody.fromString("body of " + key + ";".repeat(key.length()))))));
        }
        for (Future<?> put : puts) {
            put.get();
        }
        pool.shutdown();
        folder = new FilesystemNio2BlobStore(dir.toAbsolutePath().toString());
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    @Test
    void everyKindOfPagingListsWhatTheFolderHoldsFromOneWalk() {
        List<String> expected = stored("set/");
        assertEquals(OBJECTS + AWKWARD.size(), expected.size());

        long walks = server.listingWalks();
        assertListed(expected, pagedByStartAfter("set/", "", 100));
        assertEquals(walks + 1, server.listingWalks(), "one walk of the folder served all " + (expected.size() / 100 + 1) + " pages");

        List<String> byToken = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket("set-bucket").prefix("set/").maxKeys(333)).contents().forEach(o -> byToken.add(described(o)));
        assertListed(expected, byToken);

        List<String> byMarker = new ArrayList<>();
        String marker = null;
        while (true) {
            String from = marker;
            ListObjectsResponse page = s3.listObjects(b -> b.bucket("set-bucket").prefix("set/").maxKeys(250).marker(from));
            page.contents().forEach(o -> byMarker.add(described(o)));
            if (!page.isTruncated()) {
                break;
            }
            marker = page.contents().get(page.contents().size() - 1).key();
        }
        assertListed(expected, byMarker);
        assertEquals(walks + 1, server.listingWalks(), "the later pagings were served from the same walk");

        assertListed(stored("set/d1/o-1"), pagedByStartAfter("set/d1/o-1", "", 7));
        List<String> keys = expected.stream().map(e -> e.split(" ")[0]).toList();
        int cut = keys.indexOf("set/d0/o-1000.bin");
        assertTrue(cut > 0);
        assertListed(expected.subList(cut + 1, expected.size()), pagedByStartAfter("set/", "set/d0/o-1000.bin", 1000));
    }

    @Test
    void everyMethodOfTheStoreThatMayWriteIsOverriddenToCountTheWrite() {
        for (Method method : BlobStore.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || ListingCache.READS.contains(method.getName())) {
                continue;
            }
            try {
                ListingCache.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
            } catch (NoSuchMethodException e) {
                fail("ListingCache neither overrides " + method + " nor lists it as a read");
            }
        }
    }

    @Test
    void aListingWithADelimiterIsTheFoldersOwn() {
        ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket("set-bucket").prefix("set/").delimiter("/"));
        ListObjectsV2Response own = folder.list(ListObjectsV2Request.builder().bucket("set-bucket").prefix("set/").delimiter("/").maxKeys(1000).build());
        assertEquals(own.commonPrefixes().stream().map(CommonPrefix::prefix).toList(),
                page.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        assertEquals(own.contents().stream().map(ListingCacheTest::described).toList(),
                page.contents().stream().map(ListingCacheTest::described).toList());
    }

    @Test
    void aWriteBetweenTwoPagesIsSeenByTheNextPageAndAWriteElsewhereKeepsTheWalk() {
        String prefix = "set/d2/";
        ListObjectsV2Response first = s3.listObjectsV2(b -> b.bucket("set-bucket").prefix(prefix).maxKeys(50));
        String last = first.contents().get(first.contents().size() - 1).key();
        long walks = server.listingWalks();
        retried(() -> s3.putObject(p -> p.bucket("other").key(prefix + "elsewhere"), RequestBody.fromString("x")));
        s3.listObjectsV2(b -> b.bucket("set-bucket").prefix(prefix).maxKeys(50).startAfter(last));
        assertEquals(walks, server.listingWalks(), "a write to another bucket keeps the walk");

        List<String> before = stored(prefix);
        String removed = before.get(before.size() - 1).split(" ")[0];
        retried(() -> s3.deleteObject(d -> d.bucket("set-bucket").key(removed)));
        retried(() -> s3.putObject(p -> p.bucket("set-bucket").key(prefix + "zz-new.bin"), RequestBody.fromString("new")));
        List<String> after = stored(prefix);
        assertTrue(after.stream().anyMatch(e -> e.startsWith(prefix + "zz-new.bin ")));
        assertTrue(after.stream().noneMatch(e -> e.startsWith(removed + " ")));
        List<String> rest = pagedByStartAfter(prefix, last, 50);
        assertListed(after.subList(first.contents().size(), after.size()), rest);
        assertEquals(walks + 1, server.listingWalks(), "the write made the next page walk again, once");
    }

    /** The same entries in the same order; a failure names the first that differs, not the thousands that agree. */
    private static void assertListed(List<String> expected, List<String> listed) {
        for (int i = 0; i < Math.min(expected.size(), listed.size()); i++) {
            assertEquals(expected.get(i), listed.get(i), "entry " + i + " of " + expected.size());
        }
        assertEquals(expected.size(), listed.size(), "entries listed");
    }

    @Test
    void anObjectWrittenByMultipartUploadBetweenTwoPagesIsListedWithItsSize() {
        String prefix = "multipart/";
        for (int i = 0; i < 5; i++) {
            String small = prefix + "small-" + i;
            retried(() -> s3.putObject(p -> p.bucket("set-bucket").key(small), RequestBody.fromString(small)));
        }
        ListObjectsV2Response first = s3.listObjectsV2(b -> b.bucket("set-bucket").prefix(prefix).maxKeys(2));
        String last = first.contents().get(first.contents().size() - 1).key();
        String key = prefix + "zz multipart ü+%.bin";
        byte[] part = new byte[5 * 1024 * 1024];
        String upload = s3.createMultipartUpload(b -> b.bucket("set-bucket").key(key)).uploadId();
        String one = retried(() -> s3.uploadPart(b -> b.bucket("set-bucket").key(key).uploadId(upload).partNumber(1), RequestBody.fromBytes(part))).eTag();
        String two = retried(() -> s3.uploadPart(b -> b.bucket("set-bucket").key(key).uploadId(upload).partNumber(2),
                RequestBody.fromBytes(new byte[1024 * 1024]))).eTag();
        // Listed while the upload is open, the walk holds no sign of it; its completion must make the next page walk again.
        assertTrue(pagedByStartAfter(prefix, last, 2).stream().noneMatch(e -> e.startsWith(key)), "an open upload is not listed");
        s3.completeMultipartUpload(b -> b.bucket("set-bucket").key(key).uploadId(upload).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(one).build(), CompletedPart.builder().partNumber(2).eTag(two).build())));
        List<String> rest = pagedByStartAfter(prefix, last, 2);
        assertTrue(rest.stream().anyMatch(e -> e.startsWith(key + " " + (6L * 1024 * 1024) + " ")), "the multipart object is listed whole");
        List<String> after = stored(prefix);
        assertListed(after.subList(after.size() - rest.size(), after.size()), rest);
    }

    private static List<String> pagedByStartAfter(String prefix, String startAfter, int pageSize) {
        List<String> listed = new ArrayList<>();
        String after = startAfter;
        while (true) {
            String from = after;
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket("set-bucket").prefix(prefix).maxKeys(pageSize)
                    .startAfter(from.isEmpty() ? null : from));
            page.contents().forEach(o -> listed.add(described(o)));
            if (!page.isTruncated()) {
                return listed;
            }
            after = page.contents().get(page.contents().size() - 1).key();
        }
    }

    /**
     * A request, sent again when the endpoint had closed the kept-alive connection the client reused
     * ("Unexpected end of file from server"): the URL-connection client reports that as an unchecked
     * exception that passes by the SDK's retries (core's CheckedIoHttpClients mends that for FileJobs'
     * own clients; this module cannot use it). Every request retried here may be sent twice.
     */
    private static <T> T retried(Supplier<T> request) {
        for (int attempt = 1;; attempt++) {
            try {
                return request.get();
            } catch (UncheckedIOException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** What the folder store lists under {@code prefix}, asked directly, in one page. */
    private static List<String> stored(String prefix) {
        return folder.list(ListObjectsV2Request.builder().bucket("set-bucket").prefix(prefix).maxKeys(Integer.MAX_VALUE).build())
                .contents().stream().map(ListingCacheTest::described).toList();
    }

    private static String described(S3Object o) {
        return o.key() + " " + o.size() + " " + o.eTag().replace("\"", "") + " " + o.lastModified().toEpochMilli() / 1000;
    }
}
