package io.filejobs.core.step;

import io.filejobs.core.job.Step;
import io.filejobs.core.s3.BucketPolicy;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.s3.StoreKeyRules;
import io.filejobs.core.template.TemplateValues;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Runs one step with its action ({@link StepActions}). Before any request it checks every object
 * the action says it touches: each bucket against the policy (BUCKET_NOT_ALLOWED), whatever IAM
 * would permit, and each key it writes, as the store stands, against what the configured store can
 * hold (KEY_NOT_SUPPORTED), for jobs written before a rule existed and for keys that collide.
 */
@Singleton
public class StepExecutor {

    private final BucketPolicy buckets;
    private final StoreKeyRules keys;
    private final S3Objects objects;
    private final StepActions actions;
    private final JsonMapper json;

    public StepExecutor(BucketPolicy buckets, StoreKeyRules keys, S3Objects objects, StepActions actions, JsonMapper json) {
        this.buckets = buckets;
        this.keys = keys;
        this.objects = objects;
        this.actions = actions;
        this.json = json;
    }

    /**
     * Runs the step to its end, however many invocations' worth that is, with its templates filled
     * by {@code values}, and returns the bytes it wrote (or deleted).
     */
    public long execute(Step step, TemplateValues values) {
        StepResult result = execute(step, null, UploadJournal.NONE, values);
        while (result.continuation() != null) {
            result = execute(step, result.continuation(), UploadJournal.NONE, values);
        }
        return result.bytes();
    }

    /**
     * Runs the step with its templates filled by {@code values}, or continues it from {@code
     * continuation}, telling {@code journal} of every multipart upload it begins. A step that goes on
     * in another invocation returns its continuation.
     */
    public StepResult execute(Step step, @Nullable JsonNode continuation, UploadJournal journal, TemplateValues values) {
        return execute(step, continuation, Invocation.of(journal), values);
    }

    /** As above, with what the run records of the step ({@link Invocation}). */
    public StepResult execute(Step step, @Nullable JsonNode continuation, Invocation invocation, TemplateValues values) {
        Step resolved = actions.resolve(step, values);
        for (ObjectAccess access : actions.accesses(resolved)) {
            requireAllowed(access.ref());
            if (access.kind() == ObjectAccess.Kind.WRITE) {
                requireStorable(access.ref());
            }
            // A set's objects, read and written, are checked one by one as the step reaches them.
        }
        StepOutcome outcome = actions.execute(resolved, new StepContext(continuation, invocation, values, json));
        return new StepResult(outcome.bytes(), outcome.finished() ? null : toTree(outcome.continuation()), outcome.skipRun(), outcome.objects(),
                outcome.shardBounds());
    }

    /** Aborts a multipart upload a step began and did not finish (its worker died, or its run failed). */
    public void abortUpload(ObjectRef destination, String uploadId) {
        objects.abortQuietly(destination, uploadId);
    }

    /** Gives up a step left unfinished between two invocations by a run that failed. */
    public void abandon(Step step, JsonNode continuation, TemplateValues values) {
        actions.abandon(actions.resolve(step, values), new StepContext(continuation, Invocation.UNRECORDED, values, json));
    }

    /**
     * What an invocation of a step did: the bytes written so far, for a step to be continued its
     * continuation, for a step that ends its run as SKIPPED the reason, for a set step how its
     * objects stand, and for one to be split, where its shards end.
     */
    public record StepResult(long bytes, @Nullable JsonNode continuation, @Nullable String skipRun, @Nullable ObjectCounts objects,
            @Nullable List<String> shardBounds) {
    }

    private JsonNode toTree(Object continuation) {
        try {
            return json.writeValueToTree(continuation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
