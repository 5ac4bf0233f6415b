package io.filejobs.core.step;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.job.Step;
import io.filejobs.core.job.StepAction;
import io.filejobs.core.s3.ObjectRef;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * Runs one step with its action. Before any request it checks every bucket against the allow-list
 * (BUCKET_NOT_ALLOWED): the service refuses a bucket outside it whatever IAM would permit.
 */
@Singleton
public class StepExecutor {

    private final FileJobsConfiguration config;
    private final StepsConfiguration steps;
    private final CopyAction copy;
    private final MoveAction move;
    private final DeleteAction delete;
    private final MergeAction merge;

    public StepExecutor(FileJobsConfiguration config, StepsConfiguration steps, CopyAction copy, MoveAction move, DeleteAction delete,
            MergeAction merge) {
        this.config = config;
        this.steps = steps;
        this.copy = copy;
        this.move = move;
        this.delete = delete;
        this.merge = merge;
    }

    /** Runs the step to its end and returns the bytes it wrote (or deleted). */
    public long execute(Step step) {
        return execute(step, null).bytes();
    }

    /**
     * Runs the step, or continues the MERGE {@code resume} describes. A MERGE that outlasts
     * {@code filejobs.steps.merge-time-budget} returns its progress instead of finishing.
     */
    public StepResult execute(Step step, @Nullable MergeProgress resume) {
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
            case COPY -> StepResult.done(copy.copy(sources.get(0), destination).bytes());
            case MOVE -> StepResult.done(move.move(sources.get(0), destination).bytes());
            case DELETE -> StepResult.done(delete.delete(sources.get(0)));
            case MERGE -> {
                MergeAction.Outcome outcome = merge.merge(sources, destination, resume, steps.getMergeTimeBudget());
                yield outcome.finished() ? StepResult.done(outcome.merged().bytes()) : new StepResult(outcome.progress().bytesDone(), outcome.progress());
            }
        };
    }

    /** Gives up a MERGE left unfinished by a run that failed between its invocations: its upload is aborted. */
    public void abandon(Step step, MergeProgress progress) {
        if (step.action() == StepAction.MERGE && step.destination() != null) {
            merge.abandon(ObjectRef.parse(step.destination()), progress);
        }
    }

    /** What a step did: the bytes written, and for a MERGE to be continued, its progress. */
    public record StepResult(long bytes, @Nullable MergeProgress continuation) {

        static StepResult done(long bytes) {
            return new StepResult(bytes, null);
        }
    }

    private void requireAllowed(ObjectRef ref) {
        List<String> allowed = config.getAllowedBuckets();
        boolean ok = allowed.isEmpty() ? !ref.bucket().equals(config.getDefinitionsBucket()) : allowed.contains(ref.bucket());
        if (!ok) {
            throw new StepFailure(StepErrorCode.BUCKET_NOT_ALLOWED, "bucket '" + ref.bucket() + "' is not on the allow-list");
        }
    }
}
