package io.filejobs.storage.local;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.SdkResponses;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Serves the listing pages of a folder-backed blob store from one walk of the folder. The store
 * walks and sorts every file under a prefix (reading each file's ETag) for every page it answers,
 * so paging through n objects costs n²/1000 file reads; here the first page of a listing (bucket and
 * prefix, no delimiter) keeps the whole sorted walk, and the pages after it are cut from that until
 * anything writes to the bucket. Every method of the store that is not known to only read counts as
 * a write of the bucket it names (of every bucket when it names none), and a listing kept from
 * before a write is never served after it. Listings with a delimiter go to the store as before.
 */
final class ListingCache implements InvocationHandler {

    /** Methods that change nothing in the store; every other method is taken to write. */
    private static final Set<String> READS = Set.of("list", "listV1", "headBucket", "containerExists", "getContainerAccess",
            "getContainerAcl", "blobExists", "getBlob", "blobMetadata", "blobMetadataIfPresent", "supportsVersioning",
            "getBucketVersioning", "listVersions", "supportsBucketEncryption", "getBucketEncryption", "supportsServerSideEncryption",
            "getBlobAccess", "getBlobAcl", "supportsCopyMultipartPart", "listMultipartUpload", "listMultipartUploads",
            "getMinimumMultipartPartSize", "hashCode", "equals", "toString");

    /** How many listings are kept at once; the least recently used goes first. */
    private static final int KEPT = 8;

    private final BlobStore store;
    private final AtomicLong everyBucket = new AtomicLong();
    private final Map<String, AtomicLong> writes = new ConcurrentHashMap<>();
    private final Map<Listing, Walk> walks = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Listing, Walk> eldest) {
            return size() > KEPT;
        }
    });
    private final Map<Listing, Object> building = new ConcurrentHashMap<>();
    private final AtomicLong walked = new AtomicLong();

    private ListingCache(BlobStore store) {
        this.store = store;
    }

    /** The store, with its listings served as this class says. */
    static BlobStore wrap(BlobStore store) {
        return (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class},
                new ListingCache(store));
    }

    /** How many times the store walked a folder for a listing through {@code cached} (tests). */
    static long walks(BlobStore cached) {
        return ((ListingCache) Proxy.getInvocationHandler(cached)).walked.get();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("list") && args != null && args.length == 1 && args[0] instanceof ListObjectsV2Request request
                && cacheable(request)) {
            return page(request);
        }
        if (READS.contains(method.getName())) {
            return call(method, args);
        }
        try {
            return call(method, args);
        } finally {
            // After the write, whether it succeeded or not: a walk that began before it is not served again.
            wrote(bucketOf(args));
        }
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(store, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static boolean cacheable(ListObjectsV2Request request) {
        return request.delimiter() == null && request.maxKeys() != null && request.maxKeys() > 0 && request.bucket() != null;
    }

    private ListObjectsV2Response page(ListObjectsV2Request request) {
        Walk walk = walk(request);
        String marker = request.continuationToken() != null ? request.continuationToken() : request.startAfter();
        int from = marker == null ? 0 : after(walk.objects(), marker);
        int to = Math.min(walk.objects().size(), from + request.maxKeys());
        List<S3Object> contents = walk.objects().subList(from, to);
        String next = to < walk.objects().size() ? contents.get(contents.size() - 1).key() : null;
        return SdkResponses.objectsPage(new ArrayList<>(contents), List.of(), next);
    }

    /** The sorted walk of the listing's folder, taken again when anything wrote to the bucket since. */
    private Walk walk(ListObjectsV2Request request) {
        Listing listing = new Listing(request.bucket(), request.prefix() == null ? "" : request.prefix());
        Walk kept = walks.get(listing);
        if (kept != null && kept.current(this)) {
            return kept;
        }
        synchronized (building.computeIfAbsent(listing, l -> new Object())) {
            kept = walks.get(listing);
            if (kept != null && kept.current(this)) {
                return kept;
            }
            long bucketWrites = writesOf(listing.bucket()).get();
            long allWrites = everyBucket.get();
            ListObjectsV2Response all = store.list(request.toBuilder().continuationToken(null).startAfter(null)
                    .maxKeys(Integer.MAX_VALUE).build());
            walked.incrementAndGet();
            Walk walk = new Walk(listing.bucket(), List.copyOf(all.contents()), bucketWrites, allWrites);
            walks.put(listing, walk);
            return walk;
        }
    }

    /** The index of the first object whose key sorts after {@code marker}, in the store's order (String order). */
    private static int after(List<S3Object> objects, String marker) {
        int low = 0;
        int high = objects.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (objects.get(mid).key().compareTo(marker) <= 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private AtomicLong writesOf(String bucket) {
        return writes.computeIfAbsent(bucket, b -> new AtomicLong());
    }

    private void wrote(String bucket) {
        if (bucket == null) {
            everyBucket.incrementAndGet();
        } else {
            writesOf(bucket).incrementAndGet();
        }
    }

    /** The bucket a call writes to: a request's destination bucket or bucket, an upload's, or a first String argument. */
    private static String bucketOf(Object[] args) {
        if (args == null || args.length == 0) {
            return null;
        }
        Object first = args[0];
        if (first instanceof SdkRequest request) {
            return request.getValueForField("DestinationBucket", String.class)
                    .or(() -> request.getValueForField("Bucket", String.class)).orElse(null);
        }
        if (first instanceof MultipartUpload upload) {
            return upload.containerName();
        }
        if (first instanceof String container) {
            return container;
        }
        return null;
    }

    private record Listing(String bucket, String prefix) {
    }

    /** One walk of a listing's folder, and the writes its bucket and the store had seen when it began. */
    private record Walk(String bucket, List<S3Object> objects, long bucketWrites, long allWrites) {
        boolean current(ListingCache cache) {
            return cache.writesOf(bucket).get() == bucketWrites && cache.everyBucket.get() == allWrites;
        }
    }
}
