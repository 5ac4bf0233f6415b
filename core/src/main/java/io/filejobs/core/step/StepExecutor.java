package io.filejobs.core.step;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.job.Step;
import io.filejobs.core.s3.ObjectRef;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one step with its action. Before any request it checks every bucket against the allow-list
 * (BUCKET_NOT_ALLOWED): the service refuses a bucket outside it whatever IAM would permit.
 */
@Singleton
public class StepExecutor {

    private final FileJobsConfiguration config;
    private final CopyAction copy;
    private final MoveAction move;
    private final DeleteAction delete;
    private final MergeAction merge;

    public StepExecutor(FileJobsConfiguration config, CopyAction copy, MoveAction move, DeleteAction delete, MergeAction merge) {
        this.config = config;
        this.copy = copy;
        this.move = move;
        this.delete = delete;
        this.merge = merge;
    }

    /** Runs the step and returns the bytes it wrote (or deleted). */
    public long execute(Step step) {
        List<ObjectRef> sources = new ArrayList<>();
        if (step.source() != null) {
            sources.add(ObjectRef.parse(step.source()));
        }
        if (step.sources() != null) {
            step.sources().forEach(s -> sources.add(ObjectRef.parse(s)));
        }
        ObjectRef destination = step.destination() == null ? null : ObjectRef.parse(step.destination());
        sources.forEach(this::requireAllowed);
        if (destination != null) {
            requireAllowed(destination);
        }
        return switch (step.action()) {
            case COPY -> copy.copy(sources.get(0), destination).bytes();
            case MOVE -> move.move(sources.get(0), destination).bytes();
            case DELETE -> delete.delete(sources.get(0));
            case MERGE -> merge.merge(sources, destination).bytes();
        };
    }

    private void requireAllowed(ObjectRef ref) {
        List<String> allowed = config.getAllowedBuckets();
        boolean ok = allowed.isEmpty() ? !ref.bucket().equals(config.getDefinitionsBucket()) : allowed.contains(ref.bucket());
        if (!ok) {
            throw new StepFailure(StepErrorCode.BUCKET_NOT_ALLOWED, "bucket '" + ref.bucket() + "' is not on the allow-list");
        }
    }
}
