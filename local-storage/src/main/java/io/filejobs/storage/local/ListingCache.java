package io.filejobs.storage.local;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.SdkResponses;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionConfiguration;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Serves the listing pages of a folder-backed blob store from one walk of the folder. The store
 * walks and sorts every file under a prefix (reading each file's ETag) for every page it answers,
 * so paging through n objects costs n²/1000 file reads; here the first page of a listing (bucket and
 * prefix, no delimiter) keeps the whole sorted walk, and the pages after it are cut from that until
 * anything writes to the bucket. Every method of the store that is not known to only read counts as
 * a write of the bucket it names, and a listing kept from before a write is never served after it.
 * Listings with a delimiter go to the store as before.
 */
final class ListingCache extends ForwardingBlobStore {

    /**
     * Methods that change nothing in the store; every other method of the store is overridden here
     * and counts as a write (ListingCacheTest checks that none is missed).
     */
    static final Set<String> READS = Set.of("list", "listV1", "headBucket", "containerExists", "getContainerAccess",
            "getContainerAcl", "blobExists", "getBlob", "blobMetadata", "blobMetadataIfPresent", "supportsVersioning",
            "getBucketVersioning", "listVersions", "supportsBucketEncryption", "getBucketEncryption", "supportsServerSideEncryption",
            "getBlobAccess", "getBlobAcl", "supportsCopyMultipartPart", "listMultipartUpload", "listMultipartUploads",
            "getMinimumMultipartPartSize", "close");

    /**
     * How many listed objects the kept walks hold together (about 300 bytes each); the least
     * recently used walk goes first, and the newest is kept whatever its size.
     */
    private static final int KEPT_OBJECTS = 250_000;

    private final AtomicLong everyBucket = new AtomicLong();
    private final Map<String, AtomicLong> writes = new ConcurrentHashMap<>();
    private final Map<Listing, Walk> walks = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true));
    /** Locks, one taken by each listing while it walks, so that readers of one listing wait for one walk. */
    private final Object[] building = new Object[64];
    private final AtomicLong walked = new AtomicLong();

    /**
     * The store, with its listings served as this class says. S3Proxy tells the store's kind (and so
     * what it supports, such as conditional deletes) by looking through forwarding stores to this one.
     */
    ListingCache(BlobStore store) {
        super(store);
        for (int i = 0; i < building.length; i++) {
            building[i] = new Object();
        }
    }

    /** How many times the store walked a folder for a listing. */
    long walks() {
        return walked.get();
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        if (request.delimiter() == null && request.maxKeys() != null && request.maxKeys() > 0 && request.bucket() != null) {
            return page(request);
        }
        return super.list(request);
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
        synchronized (building[Math.floorMod(listing.hashCode(), building.length)]) {
            kept = walks.get(listing);
            if (kept != null && kept.current(this)) {
                return kept;
            }
            long bucketWrites = writesOf(listing.bucket()).get();
            long allWrites = everyBucket.get();
            ListObjectsV2Response all = super.list(request.toBuilder().continuationToken(null).startAfter(null)
                    .maxKeys(Integer.MAX_VALUE).build());
            walked.incrementAndGet();
            Walk walk = new Walk(listing.bucket(), List.copyOf(all.contents()), bucketWrites, allWrites);
            keep(listing, walk);
            return walk;
        }
    }

    private void keep(Listing listing, Walk walk) {
        synchronized (walks) {
            walks.put(listing, walk);
            long held = walks.values().stream().mapToLong(w -> w.objects().size()).sum();
            Iterator<Map.Entry<Listing, Walk>> eldestFirst = walks.entrySet().iterator();
            while (held > KEPT_OBJECTS && walks.size() > 1) {
                Map.Entry<Listing, Walk> eldest = eldestFirst.next();
                held -= eldest.getValue().objects().size();
                eldestFirst.remove();
            }
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

    /** A write to {@code bucket}: afterwards, whether it succeeded or not, a walk of the bucket that began before it is stale. */
    private <T> T writing(String bucket, Supplier<T> write) {
        try {
            return write.get();
        } finally {
            wrote(bucket);
        }
    }

    private void writing(String bucket, Runnable write) {
        writing(bucket, () -> {
            write.run();
            return null;
        });
    }

    @Override
    public CreateBucketResponse createContainer(CreateBucketRequest request) {
        return writing(request.bucket(), () -> super.createContainer(request));
    }

    @Override
    public CreateBucketResponse createContainer(String container) {
        return writing(container, () -> super.createContainer(container));
    }

    @Override
    public void setContainerAccess(String container, BucketCannedACL access) {
        writing(container, () -> super.setContainerAccess(container, access));
    }

    @Override
    public void clearContainer(ListObjectsV2Request request) {
        writing(request.bucket(), () -> super.clearContainer(request));
    }

    @Override
    public void deleteContainer(String container) {
        writing(container, () -> super.deleteContainer(container));
    }

    @Override
    public void deleteBucket(String container) {
        writing(container, () -> super.deleteBucket(container));
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        return writing(request.bucket(), () -> super.putBlob(request, content));
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        return writing(request.destinationBucket(), () -> super.copyBlob(request));
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        return writing(request.bucket(), () -> super.removeBlob(request));
    }

    @Override
    public void removeBlob(String container, String name) {
        writing(container, () -> super.removeBlob(container, name));
    }

    @Override
    public DeleteObjectResponse removeBlob(String container, String name, String versionId) {
        return writing(container, () -> super.removeBlob(container, name, versionId));
    }

    @Override
    public DeleteObjectsResponse removeBlobs(DeleteObjectsRequest request) {
        return writing(request.bucket(), () -> super.removeBlobs(request));
    }

    @Override
    public PutBucketVersioningResponse putBucketVersioning(PutBucketVersioningRequest request) {
        return writing(request.bucket(), () -> super.putBucketVersioning(request));
    }

    @Override
    public void putBucketVersioning(String container, BucketVersioningStatus status) {
        writing(container, () -> super.putBucketVersioning(container, status));
    }

    @Override
    public PutBucketEncryptionResponse putBucketEncryption(PutBucketEncryptionRequest request) {
        return writing(request.bucket(), () -> super.putBucketEncryption(request));
    }

    @Override
    public void putBucketEncryption(String container, ServerSideEncryptionConfiguration configuration) {
        writing(container, () -> super.putBucketEncryption(container, configuration));
    }

    @Override
    public DeleteBucketEncryptionResponse deleteBucketEncryption(DeleteBucketEncryptionRequest request) {
        return writing(request.bucket(), () -> super.deleteBucketEncryption(request));
    }

    @Override
    public void deleteBucketEncryption(String container) {
        writing(container, () -> super.deleteBucketEncryption(container));
    }

    @Override
    public void setBlobAccess(String container, String name, ObjectCannedACL access) {
        writing(container, () -> super.setBlobAccess(container, name, access));
    }

    @Override
    public void setBlobAccess(String container, String name, ObjectCannedACL access, String versionId) {
        writing(container, () -> super.setBlobAccess(container, name, access, versionId));
    }

    @Override
    public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
        return writing(request.bucket(), () -> super.initiateMultipartUpload(request));
    }

    @Override
    public void abortMultipartUpload(MultipartUpload upload) {
        writing(upload.containerName(), () -> super.abortMultipartUpload(upload));
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload, CompleteMultipartUploadRequest request) {
        return writing(upload.containerName(), () -> super.completeMultipartUpload(upload, request));
    }

    @Override
    public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request, InputStream content) {
        return writing(upload.containerName(), () -> super.uploadMultipartPart(upload, request, content));
    }

    @Override
    public UploadPartCopyResponse copyMultipartPart(MultipartUpload upload, UploadPartCopyRequest request) {
        return writing(upload.containerName(), () -> super.copyMultipartPart(upload, request));
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
