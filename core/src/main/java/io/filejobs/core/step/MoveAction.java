package io.filejobs.core.step;

import io.filejobs.core.s3.ObjectRef;
import jakarta.inject.Singleton;
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
public class MoveAction {

    private final S3Client s3;
    private final S3Objects objects;
    private final CopyAction copy;

    public MoveAction(S3Client s3, S3Objects objects, CopyAction copy) {
        this.s3 = s3;
        this.objects = objects;
        this.copy = copy;
    }

    public Moved move(ObjectRef source, ObjectRef destination) {
        Optional<S3Objects.StoredObject> current = objects.head(source);
        if (current.isEmpty()) {
            // Nothing to move. If the destination exists, an earlier attempt finished the move.
            return objects.head(destination)
                    .map(d -> new Moved(d.size(), true))
                    .orElseThrow(() -> new StepFailure(StepErrorCode.SOURCE_NOT_FOUND,
                            "object " + source + " does not exist, and " + destination + " does not either"));
        }
        S3Objects.StoredObject original = current.get();
        CopyAction.Copied copied = copy.copy(original, destination);
        verify(original, destination, copied);
        try {
            s3.deleteObject(b -> b.bucket(source.bucket()).key(source.key()).ifMatch(original.etag()));
        } catch (SdkException e) {
            StepFailure failure = S3Failures.classify(e, "deleting the moved " + source);
            if (failure.code() == StepErrorCode.PRECONDITION_FAILED) {
                throw new StepFailure(StepErrorCode.PRECONDITION_FAILED, "object " + source + " was replaced after it was copied to "
                        + destination + "; the newer version was left in place", e);
            }
            if (failure.code() != StepErrorCode.SOURCE_NOT_FOUND) {
                throw failure;
            }
        }
        return new Moved(copied.bytes(), false);
    }

    /** The destination must hold what was copied before the source may go. */
    private void verify(S3Objects.StoredObject original, ObjectRef destination, CopyAction.Copied copied) {
        S3Objects.StoredObject written = objects.head(destination).orElseThrow(() -> new StepFailure(StepErrorCode.INTERNAL,
                "the copy of " + original.ref() + " is missing at " + destination + "; the source was kept"));
        boolean sameSize = written.size() == original.size();
        // A one-request copy keeps the ETag; a multipart copy gets a new one, but each part was pinned to the source ETag.
        boolean sameContent = copied.parts() > 1 || written.etag().equals(original.etag());
        if (!sameSize || !sameContent) {
            throw new StepFailure(StepErrorCode.INTERNAL, "the copy at " + destination + " does not match " + original.ref()
                    + " (size " + written.size() + " of " + original.size() + "); the source was kept");
        }
    }

    /** What a move did: bytes moved, and whether an earlier attempt had already finished it. */
    public record Moved(long bytes, boolean alreadyDone) {
    }
}
