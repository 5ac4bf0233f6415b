package io.filejobs.core.step;

import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.set.ObjectSetRunner;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * MOVE: copy, verify the copy, then delete the source pinned to the version that was copied. If
 * the source changed after the copy, it is left alone (PRECONDITION_FAILED), so the only copy of
 * the newer version is never lost. Re-running a MOVE that was interrupted after its copy finishes
 * it: the copy is repeated from the still-present source, then the source is deleted.
 */
@Singleton
public class MoveAction extends TransferAction {

    public static final String NAME = "MOVE";

    private final S3Client s3;
    private final S3Objects objects;
    private final CopyAction copy;
    private final ObjectSetRunner sets;

    public MoveAction(S3Client s3, S3Objects objects, CopyAction copy, ObjectSetRunner sets) {
        this.s3 = s3;
        this.objects = objects;
        this.copy = copy;
        this.sets = sets;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    boolean removesSource() {
        return true;
    }

    /** Moves the named object, or every object of the set. */
    @Override
    public StepOutcome execute(TransferSpec spec, StepContext context) {
        if (spec.sourceSet() != null) {
            return sets.run(spec.sourceSet(), context, member -> {
                ObjectRef destination = spec.targetOf(0, member.ref(), member.relativeKey(), context.values());
                sets.requireWritable(destination);
                return ObjectSetRunner.Handled.of(move(member.ref(), destination, context.journal()).bytes(), destination);
            });
        }
        return StepOutcome.done(move(spec.sourceRef(), spec.destinationRef(), context.journal()).bytes());
    }

    /** Plans the move of the named object, or of every object of the set. */
    @Override
    public void plan(TransferSpec spec, PlanContext plan) {
        if (spec.sourceSet() != null) {
            plan.members(spec.sourceSet(), member ->
                    planMove(member.ref(), spec.targetOf(0, member.ref(), member.relativeKey(), plan.values()), member.size(), plan));
            if (plan.count() == 0) {
                plan.empty(spec.sourceSet());
            }
            return;
        }
        Optional<Long> size = plan.size(spec.sourceRef());
        if (size.isEmpty()) {
            plan.request("HeadObject", 1);
            plan.fail(StepErrorCode.SOURCE_NOT_FOUND, "object " + spec.sourceRef() + " does not exist now");
            return;
        }
        planMove(spec.sourceRef(), spec.destinationRef(), size.get(), plan);
    }

    /** A move: the source read, the copy and its read-back, the source read again, its delete. */
    private void planMove(ObjectRef source, ObjectRef destination, long size, PlanContext plan) {
        plan.object(size);
        plan.pair(source, destination);
        plan.request("HeadObject", 2);
        copy.planCopy(size, plan);
        plan.request("DeleteObject", 1);
        plan.wrote(destination, size);
        plan.removed(source);
    }

    public Moved move(ObjectRef source, ObjectRef destination) {
        return move(source, destination, UploadJournal.NONE);
    }

    public Moved move(ObjectRef source, ObjectRef destination, UploadJournal journal) {
        Optional<S3Objects.StoredObject> current = objects.head(source, true);
        if (current.isEmpty()) {
            // Nothing to move. If the destination exists, an earlier attempt finished the move.
            return objects.head(destination)
                    .map(d -> new Moved(d.size(), true))
                    .orElseThrow(() -> new StepFailure(StepErrorCode.SOURCE_NOT_FOUND,
                            "object " + source + " does not exist, and " + destination + " does not either"));
        }
        S3Objects.StoredObject original = current.get();
        // The copy is read back by CopyAction (size, the ETag it was written with, a checksum where
        // the store keeps one). Its ETag is not the source's when the source was written by
        // multipart upload, so what proves the content is the copy's pin to the source's ETag.
        CopyAction.Copied copied = copy.copy(original, destination, journal);
        requireUnchanged(original, destination);
        try {
            s3.deleteObject(b -> b.bucket(source.bucket()).key(source.key()).ifMatch(original.etag()));
        } catch (SdkException e) {
            StepFailure failure = S3Failures.classify(e, "deleting the moved " + source);
            if (failure.code() == StepErrorCode.PRECONDITION_FAILED) {
                throw replaced(original, destination, e);
            }
            if (failure.code() != StepErrorCode.SOURCE_NOT_FOUND) {
                throw failure;
            }
        }
        return new Moved(copied.bytes(), false);
    }

    /**
     * The source must still be the version that was copied: a store that ignores the copy's pin
     * (x-amz-copy-source-if-match) would otherwise have copied a newer version, and the delete
     * below is pinned to the older one, so nothing is lost either way; this names the cause.
     */
    private void requireUnchanged(S3Objects.StoredObject original, ObjectRef destination) {
        Optional<S3Objects.StoredObject> now = objects.head(original.ref());
        if (now.isPresent() && !S3Objects.sameEtag(now.get().etag(), original.etag())) {
            throw replaced(original, destination, null);
        }
    }

    private static StepFailure replaced(S3Objects.StoredObject original, ObjectRef destination, Throwable cause) {
        return new StepFailure(StepErrorCode.PRECONDITION_FAILED, "object " + original.ref() + " was replaced while it was moved to "
                + destination + "; the newer version was left in place", cause);
    }

    /** What a move did: bytes moved, and whether an earlier attempt had already finished it. */
    public record Moved(long bytes, boolean alreadyDone) {
    }
}
