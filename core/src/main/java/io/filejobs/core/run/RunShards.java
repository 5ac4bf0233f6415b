package io.filejobs.core.run;

import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.Step;
import io.filejobs.core.step.FailedObjects;
import io.filejobs.core.step.Invocation;
import io.filejobs.core.step.ObjectCounts;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepExecutor;
import io.filejobs.core.step.StepFailedException;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.step.StepTransientException;
import io.filejobs.core.step.StepsConfiguration;
import io.filejobs.core.store.ObjectLedger;
import io.filejobs.core.store.RunLedger;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The shards of a set step split for the state machine's Map ({@link RunStep} hands them here): each
 * Map iteration runs one shard (a range of keys between two of the cuts the step recorded), across
 * invocations, with its own attempts, and records it in the run; once the Map is through, the step task joins them into the step's record (bytes, object
 * counts, each shard's times). A shard that fails after its attempts fails the step, naming the
 * shard; the Map then fails the run.
 */
@Singleton
public class RunShards {

    private static final Logger LOG = LoggerFactory.getLogger(RunShards.class);

    private final RunLedger ledger;
    private final StepExecutor executor;
    private final LeftUploads uploads;
    private final ObjectLedger objects;
    private final StepsConfiguration steps;
    private final Clock clock;

    public RunShards(RunLedger ledger, StepExecutor executor, LeftUploads uploads, ObjectLedger objects, StepsConfiguration steps,
            Clock clock) {
        this.ledger = ledger;
        this.executor = executor;
        this.uploads = uploads;
        this.objects = objects;
        this.steps = steps;
        this.clock = clock;
    }

    /** Runs the document's shard of its current step: returns it to be continued, or with nothing to continue once the shard is done. */
    ExecutionDocument run(ExecutionDocument doc, Run run, JobDefinition definition, Step step) {
        int index = doc.shard();
        int count = doc.shards().size();
        ShardRun prior = ledger.shards(doc.id(), doc.runId(), step.id()).get(index);
        if (prior != null && StepRun.SUCCEEDED.equals(prior.status())) {
            return doc.shardDone();
        }
        boolean retry = prior != null && prior.error() != null;
        int attempt = prior == null ? 1 : doc.continuation() != null && !retry ? prior.attempts() : prior.attempts() + 1;
        String startedAt = prior == null ? now() : prior.startedAt();
        long bytesBefore = prior == null ? 0 : prior.bytes();
        ledger.recordShard(doc.id(), doc.runId(), step.id(), new ShardRun(index, StepRun.RUNNING, attempt, startedAt, null, bytesBefore,
                prior == null ? null : prior.objects(), null));
        try {
            Invocation invocation = new Invocation(uploads.journal(doc.id(), doc.runId(), step.id()),
                    objects.journal(doc.id(), doc.runId(), step.id()), retry, 1, shardOf(doc, step, index, count));
            StepExecutor.StepResult result = executor.execute(step, doc.continuation(), invocation, run.templateValues(definition));
            boolean done = result.continuation() == null;
            ledger.recordShard(doc.id(), doc.runId(), step.id(), new ShardRun(index, done ? StepRun.SUCCEEDED : StepRun.RUNNING, attempt,
                    startedAt, done ? now() : null, result.bytes(), result.objects(), null));
            return done ? doc.shardDone() : doc.continueWith(result.continuation());
        } catch (StepFailure failure) {
            String message = "shard " + index + " of " + count + ": " + failure.getMessage();
            RunError error = new RunError(failure.code().name(), message, step.id());
            FailedAttempt failed = FailedAttempt.of(failure, attempt, steps.getMaxAttempts());
            long bytes = failure instanceof FailedObjects set ? set.bytes() : bytesBefore;
            ObjectCounts counts = failure instanceof FailedObjects set ? set.counts() : null;
            ledger.recordShard(doc.id(), doc.runId(), step.id(), new ShardRun(index, failed.again() ? StepRun.RUNNING : StepRun.FAILED,
                    attempt, startedAt, failed.again() ? null : now(), bytes, counts, error));
            if (!failed.again()) {
                StepRun before = run.steps().get(step.id());
                ledger.recordStep(doc.id(), doc.runId(), new StepRun(step.id(), step.name(), step.action(), StepRun.FAILED,
                        before.startedAt() == null ? startedAt : before.startedAt(), now(), bytes, error, Math.max(1, before.attempts()), counts));
            }
            throw failed.toThrow(message);
        } catch (SdkException ledgerFault) {
            LOG.warn("shard {} of step {} of run {} of job {}: the run ledger could not be written: {}", index, step.id(), doc.runId(), doc.id(),
                    ledgerFault.toString());
            throw new StepTransientException("TRANSIENT: the run's record could not be written; the shard is tried again");
        }
    }

    /** Shard {@code index}'s range of keys, from the cuts the step recorded when it was split. */
    private Invocation.Shard shardOf(ExecutionDocument doc, Step step, int index, int count) {
        List<String> bounds = ledger.shardBounds(doc.id(), doc.runId(), step.id());
        if (bounds.size() != count - 1) {
            throw new StepFailure(StepErrorCode.INTERNAL, "step " + step.id() + " was split into " + count + " shards, but "
                    + bounds.size() + " cuts are recorded");
        }
        return new Invocation.Shard(index, count, index == 0 ? "" : bounds.get(index - 1), index == count - 1 ? null : bounds.get(index));
    }

    /** Joins a step's shards once the Map ran them all: the step's record gets their sums and times, and the run goes on. */
    ExecutionDocument join(ExecutionDocument doc, StepRun before, Step step) {
        int count = doc.shards().size();
        Map<Integer, ShardRun> shards = ledger.shards(doc.id(), doc.runId(), step.id());
        long bytes = 0;
        ObjectCounts counts = ObjectCounts.NONE;
        List<ShardRun> listed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ShardRun shard = shards.get(i);
            if (shard == null || !StepRun.SUCCEEDED.equals(shard.status())) {
                // The Map succeeds only when every shard did; anything else is a fault of FileJobs' own.
                RunError error = new RunError(StepErrorCode.INTERNAL.name(), "shard " + i + " of " + count + " of the step did not finish", step.id());
                ledger.recordStep(doc.id(), doc.runId(), new StepRun(step.id(), step.name(), step.action(), StepRun.FAILED, before.startedAt(),
                        now(), null, error, Math.max(1, before.attempts())));
                throw new StepFailedException(error.code() + ": " + error.message());
            }
            bytes += shard.bytes();
            ObjectCounts c = shard.objects() == null ? ObjectCounts.NONE : shard.objects();
            counts = new ObjectCounts(counts.total() + c.total(), counts.succeeded() + c.succeeded(), counts.failed() + c.failed(),
                    counts.skipped() + c.skipped());
            listed.add(new ShardRun(i, shard.status(), shard.attempts(), shard.startedAt(), shard.finishedAt(), shard.bytes(), c, null));
        }
        ledger.recordStep(doc.id(), doc.runId(), new StepRun(step.id(), step.name(), step.action(), StepRun.SUCCEEDED, before.startedAt(), now(),
                bytes, null, Math.max(1, before.attempts()), counts, listed));
        ledger.clearShards(doc.id(), doc.runId(), step.id(), count);
        uploads.clear(doc.id(), doc.runId(), step.id());
        LOG.info("step {} of run {} of job {}: {} shards joined, {} objects, {} bytes", step.id(), doc.runId(), doc.id(), count, counts.total(), bytes);
        return doc.stepEnded();
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
