package io.filejobs.core.step;

import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.set.ObjectSetRunner;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * COPY: a server-side copy that keeps content type and user metadata. Objects above the multipart
 * threshold are copied part by part with ranged UploadPartCopy. Every request is pinned to the
 * ETag the source had when the copy began, so a source replaced mid-copy fails the step
 * (PRECONDITION_FAILED) instead of mixing two versions. A failed multipart copy aborts its upload.
 * The copy is read back before the step reports it: size, the ETag the write was answered with, and
 * a full-object checksum where the store keeps one ({@link S3Objects#verifyWritten}). A set's
 * objects are pinned to the ETag their listing gave, so a set COPY sends no request to read them.
 */
@Singleton
public class CopyAction extends TransferAction {

    public static final String NAME = "COPY";

    private final S3Client s3;
    private final S3Objects objects;
    private final StepsConfiguration config;
    private final ObjectSetRunner sets;

    public CopyAction(S3Client s3, S3Objects objects, StepsConfiguration config, ObjectSetRunner sets) {
        this.s3 = s3;
        this.objects = objects;
        this.config = config;
        this.sets = sets;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> fields() {
        return TransferSpec.COPY_FIELDS;
    }

    @Override
    boolean removesSource() {
        return false;
    }

    /** Copies the named object, or every object of the set, to each destination. */
    @Override
    public StepOutcome execute(TransferSpec spec, StepContext context) {
        if (spec.sourceSet() != null) {
            return sets.run(spec.sourceSet(), context, member -> {
                S3Objects.StoredObject source = listed(member);
                List<ObjectRef> written = new ArrayList<>();
                for (int i = 0; i < spec.targets().size(); i++) {
                    ObjectRef destination = spec.targetOf(i, member.ref(), member.relativeKey(), context.values());
                    sets.requireWritable(destination);
                    copy(source, destination, context.journal());
                    written.add(destination);
                }
                return new ObjectSetRunner.Handled(source.size() * written.size(), written.stream().map(ObjectRef::toString).toList());
            });
        }
        S3Objects.StoredObject source = objects.require(spec.sourceRef(), true);
        long bytes = 0;
        for (String target : spec.targets()) {
            bytes += copy(source, ObjectRef.parse(target), context.journal()).bytes();
        }
        return StepOutcome.done(bytes);
    }

    /**
     * A set's object as the listing gave it (size and ETag), which the copy is pinned to: no request
     * needed. An object large enough for a multipart copy is read first, for the headers that copy
     * must carry over itself.
     */
    private S3Objects.StoredObject listed(ObjectSetRunner.Member member) {
        if (member.size() > config.getMultipartCopyThreshold() || member.etag() == null) {
            return objects.require(member.ref(), true);
        }
        return new S3Objects.StoredObject(member.ref(), member.size(), member.etag(), null);
    }

    /** Plans the copy of the named object, or of every object of the set, to each destination. */
    @Override
    public void plan(TransferSpec spec, PlanContext plan) {
        if (spec.sourceSet() != null) {
            plan.members(spec.sourceSet(), member -> {
                plan.request("HeadObject", member.size() > config.getMultipartCopyThreshold() ? 1 : 0);
                planTo(spec, member.ref(), member.relativeKey(), member.size(), plan);
            });
            if (plan.count() == 0) {
                plan.empty(spec.sourceSet());
            }
            return;
        }
        plan.request("HeadObject", 1);
        Optional<Long> size = plan.size(spec.sourceRef());
        if (size.isEmpty()) {
            plan.fail(StepErrorCode.SOURCE_NOT_FOUND, "object " + spec.sourceRef() + " does not exist now");
            return;
        }
        planTo(spec, spec.sourceRef(), null, size.get(), plan);
    }

    private void planTo(TransferSpec spec, ObjectRef source, String relativeKey, long size, PlanContext plan) {
        plan.object(size * spec.targets().size());
        for (int i = 0; i < spec.targets().size(); i++) {
            ObjectRef destination = relativeKey == null ? ObjectRef.parse(spec.targets().get(i))
                    : spec.targetOf(i, source, relativeKey, plan.values());
            plan.pair(source, destination);
            planCopy(size, plan);
            plan.wrote(destination, size);
        }
    }

    /** The requests of one copy of {@code size} bytes: one CopyObject, or a multipart copy, and the read-back. */
    void planCopy(long size, PlanContext plan) {
        if (size <= config.getMultipartCopyThreshold()) {
            plan.request("CopyObject", 1);
        } else {
            long partSize = config.partSizeFor(size);
            plan.request("CreateMultipartUpload", 1);
            plan.request("UploadPartCopy", (size + partSize - 1) / partSize);
            plan.request("CompleteMultipartUpload", 1);
        }
        plan.request("HeadObject", 1);
    }

    public Copied copy(ObjectRef source, ObjectRef destination) {
        return copy(objects.require(source, true), destination, UploadJournal.NONE);
    }

    public Copied copy(ObjectRef source, ObjectRef destination, UploadJournal journal) {
        return copy(objects.require(source, true), destination, journal);
    }

    /** Copies exactly the given version of the source. */
    public Copied copy(S3Objects.StoredObject source, ObjectRef destination) {
        return copy(source, destination, UploadJournal.NONE);
    }

    /** As above, telling {@code journal} of a multipart copy's upload before its first part is copied. */
    public Copied copy(S3Objects.StoredObject source, ObjectRef destination, UploadJournal journal) {
        String doing = "copying " + source.ref() + " to " + destination;
        try {
            if (source.size() <= config.getMultipartCopyThreshold()) {
                String etag = s3.copyObject(b -> b.sourceBucket(source.ref().bucket()).sourceKey(source.ref().key())
                        .destinationBucket(destination.bucket()).destinationKey(destination.key())
                        .copySourceIfMatch(source.etag())).copyObjectResult().eTag();
                objects.verifyWritten(destination, source.size(), etag, source);
                return new Copied(source.size(), source.etag(), etag, 1);
            }
            return multipartCopy(source, destination, journal);
        } catch (SdkException e) {
            throw S3Failures.classify(e, doing);
        }
    }

    private Copied multipartCopy(S3Objects.StoredObject source, ObjectRef destination, UploadJournal journal) {
        HeadObjectResponse head = source.head();
        String uploadId = s3.createMultipartUpload(b -> b.bucket(destination.bucket()).key(destination.key())
                .contentType(head.contentType()).metadata(head.metadata()).cacheControl(head.cacheControl())
                .contentDisposition(head.contentDisposition()).contentEncoding(head.contentEncoding())
                .contentLanguage(head.contentLanguage())).uploadId();
        journal.started(destination, uploadId);
        try {
            long partSize = config.partSizeFor(source.size());
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < source.size(); offset += partSize) {
                int partNumber = parts.size() + 1;
                String range = "bytes=" + offset + "-" + (Math.min(offset + partSize, source.size()) - 1);
                String etag = s3.uploadPartCopy(b -> b.sourceBucket(source.ref().bucket()).sourceKey(source.ref().key())
                        .destinationBucket(destination.bucket()).destinationKey(destination.key())
                        .uploadId(uploadId).partNumber(partNumber).copySourceRange(range)
                        .copySourceIfMatch(source.etag())).copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            String etag = s3.completeMultipartUpload(b -> b.bucket(destination.bucket()).key(destination.key())
                    .uploadId(uploadId).multipartUpload(m -> m.parts(parts))).eTag();
            objects.verifyWritten(destination, source.size(), etag, source);
            return new Copied(source.size(), source.etag(), etag, parts.size());
        } catch (RuntimeException e) {
            objects.abortQuietly(destination, uploadId);
            throw e;
        }
    }

    /** What a copy did: bytes copied, the source version copied, the destination's ETag, parts used. */
    public record Copied(long bytes, String sourceEtag, String destinationEtag, int parts) {
    }
}
