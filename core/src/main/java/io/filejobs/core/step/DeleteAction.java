package io.filejobs.core.step;

import io.filejobs.core.job.StepFields;
import io.filejobs.core.job.StepRules;
import io.filejobs.core.s3.ObjectRef;
import jakarta.inject.Singleton;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** DELETE: exactly the named object ({@link DeleteSpec}). An object that is already gone is success. */
@Singleton
public class DeleteAction implements StepAction<DeleteSpec> {

    public static final String NAME = "DELETE";

    private final S3Client s3;
    private final S3Objects objects;

    public DeleteAction(S3Client s3, S3Objects objects) {
        this.s3 = s3;
        this.objects = objects;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<DeleteSpec> specType() {
        return DeleteSpec.class;
    }

    @Override
    public List<String> fields() {
        return List.of("source");
    }

    @Override
    public DeleteSpec read(StepFields fields) {
        return new DeleteSpec(fields.string("source"));
    }

    @Override
    public void validate(DeleteSpec spec, StepRules rules) {
        rules.object("source", spec.source());
    }

    /** A deleted object is not read: deleting one that is already gone succeeds. */
    @Override
    public List<ObjectAccess> accesses(DeleteSpec spec) {
        return List.of(ObjectAccess.remove("source", spec.sourceRef()));
    }

    @Override
    public StepOutcome execute(DeleteSpec spec, StepContext context) {
        return StepOutcome.done(delete(spec.sourceRef()));
    }

    /**
     * Deletes the object and returns how many bytes it held (0 when it was already gone). A missing
     * bucket is SOURCE_NOT_FOUND, checked explicitly because some S3-compatible stores answer a
     * delete in a missing bucket with success.
     */
    public long delete(ObjectRef object) {
        var current = objects.head(object);
        try {
            if (current.isEmpty()) {
                s3.headBucket(b -> b.bucket(object.bucket()));
                return 0;
            }
            s3.deleteObject(b -> b.bucket(object.bucket()).key(object.key()));
        } catch (SdkException e) {
            StepFailure failure = S3Failures.classify(e, "deleting " + object);
            throw failure.code() == StepErrorCode.SOURCE_NOT_FOUND
                    ? new StepFailure(StepErrorCode.SOURCE_NOT_FOUND, "bucket '" + object.bucket() + "' does not exist", e)
                    : failure;
        }
        return current.get().size();
    }
}
