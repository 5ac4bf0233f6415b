package io.filejobs.core.step.merge;

import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.S3Objects;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * Writes the parts of one merge's plan. A COPY part is a ranged UploadPartCopy inside S3; a
 * gathered part that fits the buffer is read into memory and sent; a larger one is streamed segment
 * by segment. The buffer is shared by every part of the merge: the bytes held in memory never
 * exceed {@code bufferBytes}. Every read and copy is pinned to the ETag the source had when the
 * merge began.
 */
final class PartUploader {

    private static final Logger LOG = LoggerFactory.getLogger(PartUploader.class);
    /** Attempts at reading one gathered segment, the SDK's own retries aside. */
    private static final int READ_ATTEMPTS = 3;

    private final S3Client s3;
    private final List<S3Objects.StoredObject> sources;
    private final int bufferBytes;
    private final Semaphore buffer;

    PartUploader(S3Client s3, List<S3Objects.StoredObject> sources, long bufferBytes) {
        this.s3 = s3;
        this.sources = sources;
        this.bufferBytes = (int) Math.min(Integer.MAX_VALUE, bufferBytes);
        this.buffer = new Semaphore(this.bufferBytes);
    }

    /** Writes the part into the upload and returns its ETag. */
    String write(MergePlan.Part part, ObjectRef destination, String uploadId) {
        if (part.kind() == MergePlan.Kind.COPY) {
            MergePlan.Segment segment = part.segments().get(0);
            S3Objects.StoredObject source = sources.get(segment.source());
            return s3.uploadPartCopy(b -> b.sourceBucket(source.ref().bucket()).sourceKey(source.ref().key())
                    .destinationBucket(destination.bucket()).destinationKey(destination.key())
                    .uploadId(uploadId).partNumber(part.number()).copySourceIfMatch(source.etag())
                    .copySourceRange(range(segment))).copyPartResult().eTag();
        }
        if (part.length() > bufferBytes) {
            return s3.uploadPart(b -> b.bucket(destination.bucket()).key(destination.key()).uploadId(uploadId)
                    .partNumber(part.number()).contentLength(part.length()), streamed(part)).eTag();
        }
        int permits = (int) part.length();
        buffer.acquireUninterruptibly(permits);
        try {
            return s3.uploadPart(b -> b.bucket(destination.bucket()).key(destination.key()).uploadId(uploadId)
                    .partNumber(part.number()).contentLength(part.length()), inMemory(part)).eTag();
        } finally {
            buffer.release(permits);
        }
    }

    /** The part's bytes as a request body held in memory: for a part within the buffer, or a result small enough for one PutObject. */
    RequestBody inMemory(MergePlan.Part part) {
        return RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(read(part)), part.length(),
                "application/octet-stream");
    }

    /**
     * The bytes of a gathered part, read segment by segment with ranged, ETag-pinned GETs. A read
     * that breaks off (a dropped connection) continues from where it stopped.
     */
    private byte[] read(MergePlan.Part part) {
        byte[] bytes = new byte[(int) part.length()];
        int offset = 0;
        for (MergePlan.Segment segment : part.segments()) {
            S3Objects.StoredObject source = sources.get(segment.source());
            long start = segment.start();
            for (int attempt = 1; start < segment.end(); attempt++) {
                long from = start;
                try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(source.ref().bucket()).key(source.ref().key())
                        .range("bytes=" + from + "-" + (segment.end() - 1)).ifMatch(source.etag()))) {
                    int n;
                    while (start < segment.end() && (n = in.read(bytes, offset, (int) (segment.end() - start))) > 0) {
                        offset += n;
                        start += n;
                    }
                    if (start < segment.end()) {
                        throw new IOException("the object ended " + (segment.end() - start) + " bytes early");
                    }
                } catch (IOException | SdkClientException e) {
                    if (attempt >= READ_ATTEMPTS) {
                        throw new StepFailure(StepErrorCode.TRANSIENT, "reading " + source.ref() + " failed: " + e.getMessage(), e);
                    }
                    LOG.debug("reading {} broke off at byte {}; reading on", source.ref(), start, e);
                }
            }
        }
        return bytes;
    }

    /** A gathered part larger than the buffer: each segment's GET is opened when the previous one is used up. */
    private RequestBody streamed(MergePlan.Part part) {
        return RequestBody.fromContentProvider(() -> {
            Iterator<MergePlan.Segment> segments = part.segments().iterator();
            return new SequenceInputStream(new Enumeration<InputStream>() {
                @Override
                public boolean hasMoreElements() {
                    return segments.hasNext();
                }

                @Override
                public InputStream nextElement() {
                    MergePlan.Segment segment = segments.next();
                    S3Objects.StoredObject source = sources.get(segment.source());
                    return s3.getObject(b -> b.bucket(source.ref().bucket()).key(source.ref().key())
                            .range(range(segment)).ifMatch(source.etag()));
                }
            });
        }, part.length(), "application/octet-stream");
    }

    /** The parts already uploaded, by number; empty when the upload is gone (then the merge starts a new one). */
    static Optional<Map<Integer, Part>> uploadedParts(S3Client s3, ObjectRef destination, String uploadId) {
        // Asked first, as not every S3-compatible store refuses ListParts of an aborted upload.
        boolean open = s3.listMultipartUploadsPaginator(b -> b.bucket(destination.bucket()).prefix(destination.key())).uploads().stream()
                .anyMatch(u -> u.key().equals(destination.key()) && u.uploadId().equals(uploadId));
        if (!open) {
            LOG.warn("upload {} of the merge into {} is gone; starting the merge afresh", uploadId, destination);
            return Optional.empty();
        }
        Map<Integer, Part> parts = new TreeMap<>();
        s3.listPartsPaginator(b -> b.bucket(destination.bucket()).key(destination.key()).uploadId(uploadId)).parts()
                .forEach(p -> parts.put(p.partNumber(), p));
        return Optional.of(parts);
    }

    private static String range(MergePlan.Segment segment) {
        return "bytes=" + segment.start() + "-" + (segment.end() - 1);
    }
}
