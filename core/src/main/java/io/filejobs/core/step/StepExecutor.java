package io.filejobs.core.step;

import io.filejobs.core.s3.BucketPolicy;
import io.filejobs.core.job.Step;
import io.filejobs.core.job.StepAction;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.s3.StoreKeyRules;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * Runs one step with its action. Before any request it checks every bucket against the allow-list
 * (BUCKET_NOT_ALLOWED): the service refuses a bucket outside it whatever IAM would permit. It also
 * checks every key, and the destination as the store stands, against what the configured store can
 * hold (KEY_NOT_SUPPORTED), for jobs written before a rule existed and for keys that collide.
 */
@Singleton
public class StepExecutor {

    private final BucketPolicy buckets;
    private final StepsConfiguration steps;
    private final CopyAction copy;
    private final MoveAction move;
    private final DeleteAction delete;
    private final MergeAction merge;
    private final StoreKeyRules keys;
    private final S3Objects objects;

    public StepExecutor(BucketPolicy buckets, StepsConfiguration steps, CopyAction copy, MoveAction move, DeleteAction delete,
            MergeAction merge, StoreKeyRules keys, S3Objects objects) {
        this.buckets = buckets;
        this.keys = keys;
        this.objects = objects;
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
        return execute(step, resume, UploadJournal.NONE);
    }

    /** As above, telling {@code journal} of every multipart upload the step begins. */
    public StepResult execute(Step step, @Nullable MergeProgress resume, UploadJournal journal) {
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
            requireStorable(destination);
        }
        return switch (step.action()) {
            case COPY -> StepResult.done(copy.copy(sources.get(0), destination, journal).bytes());
            case MOVE -> StepResult.done(move.move(sources.get(0), destination, journal).bytes());
            case DELETE -> StepResult.done(delete.delete(sources.get(0)));
            case MERGE -> {
                MergeAction.Outcome outcome = merge.merge(sources, destination, resume, steps.getMergeTimeBudget(), journal);
                yield outcome.finished() ? StepResult.done(outcome.merged().bytes()) : new StepResult(outcome.progress().bytesDone(), outcome.progress());
            }
        };
    }

    /** Aborts a multipart upload a step began and did not finish (its worker died, or its run failed). */
    public void abortUpload(ObjectRef destination, String uploadId) {
        objects.abortQuietly(destination, uploadId);
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

    private void requireStorable(ObjectRef destination) {
        keys.keyProblem(destination.key()).or(() -> keys.destinationProblem(destination)).ifPresent(problem -> {
            throw new StepFailure(StepErrorCode.KEY_NOT_SUPPORTED, problem.startsWith("object ") ? problem : "key of " + destination + " " + problem);
        });
    }

    private void requireAllowed(ObjectRef ref) {
        buckets.problem(ref.bucket()).ifPresent(problem -> {
            throw new StepFailure(StepErrorCode.BUCKET_NOT_ALLOWED, problem);
        });
    }
}
