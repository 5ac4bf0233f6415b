package io.filejobs.core.step;

import io.filejobs.core.job.StepFields;
import io.filejobs.core.job.StepRules;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.set.ObjectSelector;
import io.filejobs.core.step.set.ObjectSetRunner;
import io.filejobs.core.template.TemplateValues;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** DELETE: exactly the named object ({@link DeleteSpec}). An object that is already gone is success. */
@Singleton
public class DeleteAction implements StepAction<DeleteSpec> {

    public static final String NAME = "DELETE";

    private final S3Client s3;
    private final S3Objects objects;
    private final ObjectSetRunner sets;

    public DeleteAction(S3Client s3, S3Objects objects, ObjectSetRunner sets) {
        this.s3 = s3;
        this.objects = objects;
        this.sets = sets;
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
        return fields.isObject("source") ? new DeleteSpec(null, ObjectSelector.read(fields, "source")) : new DeleteSpec(fields.string("source"));
    }

    @Override
    public void validate(DeleteSpec spec, StepRules rules) {
        if (spec.sourceSet() == null) {
            rules.source("source", spec.source());
            return;
        }
        spec.sourceSet().validate("source", rules);
        if (spec.sourceSet().order() != ObjectSelector.Order.KEY) {
            rules.error("source.order", "must be KEY: a DELETE handles each object on its own (order matters to a MERGE)");
        }
    }

    @Override
    public DeleteSpec resolve(DeleteSpec spec, TemplateValues values) {
        return spec.sourceSet() == null ? new DeleteSpec(values.sourceName(spec.source()), null)
                : new DeleteSpec(null, spec.sourceSet().resolve(values));
    }

    /** A deleted object is not read: deleting one that is already gone succeeds. */
    @Override
    public List<ObjectAccess> accesses(DeleteSpec spec) {
        return spec.sourceSet() != null ? List.of(ObjectAccess.list("source", spec.sourceSet()))
                : List.of(ObjectAccess.remove("source", spec.sourceRef()));
    }

    /** Plans the delete of the named object (nothing to do when it is not there), or of every object of the set. */
    @Override
    public void plan(DeleteSpec spec, PlanContext plan) {
        if (spec.sourceSet() != null) {
            plan.members(spec.sourceSet(), member -> planDelete(member.ref(), member.size(), plan));
            if (plan.count() == 0) {
                plan.empty(spec.sourceSet());
            }
            return;
        }
        Optional<Long> size = plan.size(spec.sourceRef());
        if (size.isEmpty()) {
            plan.request("HeadObject", 1);
            plan.warn("object " + spec.sourceRef() + " does not exist now; deleting it would do nothing");
            return;
        }
        planDelete(spec.sourceRef(), size.get(), plan);
    }

    private static void planDelete(ObjectRef ref, long size, PlanContext plan) {
        plan.object(size);
        plan.pair(ref, null);
        plan.request("HeadObject", 1);
        plan.request("DeleteObject", 1);
        plan.removed(ref);
    }

    @Override
    public StepOutcome execute(DeleteSpec spec, StepContext context) {
        if (spec.sourceSet() != null) {
            return sets.run(spec.sourceSet(), context, member -> ObjectSetRunner.Handled.of(delete(member.ref())));
        }
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
