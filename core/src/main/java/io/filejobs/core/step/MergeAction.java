package io.filejobs.core.step;

import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.merge.MergePlan;
import io.filejobs.core.step.merge.MergePlanner;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * MERGE: concatenates the sources, in the order given, into the destination. The plan
 * ({@link MergePlanner}) copies large ranges inside S3 and streams small sources through the
 * worker, so memory stays bounded whatever the sizes. Every read and copy is pinned to the ETag
 * each source had when the merge began. The destination is written only by the final
 * CompleteMultipartUpload (or one PutObject for a small result), so a destination that is also a
 * source is appended to safely, and a failure aborts the upload and leaves no partial object.
 */
@Singleton
public class MergeAction {

    /** The largest gathered part held in memory rather than streamed. */
    static final long MAX_BUFFERED_PART = 64L * 1024 * 1024;

    private final S3Client s3;
    private final S3Objects objects;
    private final MergePlanner planner;

    public MergeAction(S3Client s3, S3Objects objects, StepsConfiguration config) {
        this.s3 = s3;
        this.objects = objects;
        this.planner = new MergePlanner(StepsConfiguration.MIN_PART, StepsConfiguration.MAX_SINGLE_COPY,
                StepsConfiguration.MAX_PARTS, config.getCopyPartSize());
    }

    public Merged merge(List<ObjectRef> sourceRefs, ObjectRef destination) {
        List<S3Objects.StoredObject> sources = sourceRefs.stream().map(objects::require).toList();
        MergePlan plan = planner.plan(sources.stream().map(S3Objects.StoredObject::size).toList());
        String contentType = sources.get(0).head().contentType();
        String doing = "merging " + sources.size() + " objects into " + destination;
        try {
            if (plan.singlePut()) {
                MergePlan.Part only = plan.parts().get(0);
                s3.putObject(b -> b.bucket(destination.bucket()).key(destination.key()).contentType(contentType), body(only, sources));
                return new Merged(plan.totalBytes(), 0, plan.bytesThroughWorker());
            }
            String uploadId = s3.createMultipartUpload(b -> b.bucket(destination.bucket()).key(destination.key())
                    .contentType(contentType)).uploadId();
            try {
                List<CompletedPart> done = new ArrayList<>();
                for (MergePlan.Part part : plan.parts()) {
                    done.add(CompletedPart.builder().partNumber(part.number()).eTag(write(part, sources, destination, uploadId)).build());
                }
                s3.completeMultipartUpload(b -> b.bucket(destination.bucket()).key(destination.key()).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(done)));
            } catch (RuntimeException e) {
                objects.abortQuietly(destination, uploadId);
                throw e;
            }
            return new Merged(plan.totalBytes(), plan.parts().size(), plan.bytesThroughWorker());
        } catch (SdkException e) {
            throw S3Failures.classify(e, doing);
        }
    }

    private String write(MergePlan.Part part, List<S3Objects.StoredObject> sources, ObjectRef destination, String uploadId) {
        if (part.kind() == MergePlan.Kind.COPY) {
            MergePlan.Segment segment = part.segments().get(0);
            S3Objects.StoredObject source = sources.get(segment.source());
            return s3.uploadPartCopy(b -> b.sourceBucket(source.ref().bucket()).sourceKey(source.ref().key())
                    .destinationBucket(destination.bucket()).destinationKey(destination.key())
                    .uploadId(uploadId).partNumber(part.number()).copySourceIfMatch(source.etag())
                    .copySourceRange(range(segment))).copyPartResult().eTag();
        }
        return s3.uploadPart(b -> b.bucket(destination.bucket()).key(destination.key()).uploadId(uploadId)
                .partNumber(part.number()).contentLength(part.length()), body(part, sources)).eTag();
    }

    /**
     * The bytes of a gathered part. Up to {@link #MAX_BUFFERED_PART} they are fetched first, each
     * segment with an ordinary ranged, ETag-pinned GET that the SDK retries like any request, then
     * sent from memory (one part at a time, so memory stays bounded). Larger parts, which only a
     * merge of terabytes plans, are streamed: each segment's GET is opened when the previous one is
     * used up, afresh whenever the SDK asks for the stream again.
     */
    private RequestBody body(MergePlan.Part part, List<S3Objects.StoredObject> sources) {
        if (part.length() <= MAX_BUFFERED_PART) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) part.length());
            for (MergePlan.Segment segment : part.segments()) {
                S3Objects.StoredObject source = sources.get(segment.source());
                bytes.writeBytes(s3.getObjectAsBytes(b -> b.bucket(source.ref().bucket()).key(source.ref().key())
                        .range(range(segment)).ifMatch(source.etag())).asByteArray());
            }
            return RequestBody.fromBytes(bytes.toByteArray());
        }
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

    private static String range(MergePlan.Segment segment) {
        return "bytes=" + segment.start() + "-" + (segment.end() - 1);
    }

    /** What a merge did: bytes written, parts used (0 for one PutObject), bytes streamed through the worker. */
    public record Merged(long bytes, int parts, long bytesThroughWorker) {
    }
}
