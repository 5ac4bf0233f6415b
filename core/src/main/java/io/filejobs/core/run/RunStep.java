package io.filejobs.core.run;

import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.Step;
import io.filejobs.core.job.StepGraph;
import io.filejobs.core.logging.LogFields;
import io.filejobs.core.step.FailedObjects;
import io.filejobs.core.step.Invocation;
import io.filejobs.core.step.ObjectCounts;
import io.filejobs.core.step.StepActions;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepExecutor;
import io.filejobs.core.step.StepFailedException;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.step.StepTransientException;
import io.filejobs.core.step.StepsConfiguration;
import io.filejobs.core.store.DefinitionStore;
import io.filejobs.core.store.ObjectLedger;
import io.filejobs.core.store.RunLedger;
import io.filejobs.core.template.TemplateException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The workflow's step task: works out which of the run's steps run next (steps side by side when
 * their {@code after} allow it), and runs one step with its action and records it
 * (RUNNING, then SUCCEEDED or FAILED, with bytes, attempts and the error). A step that continues
 * in another invocation returns the same document with its continuation; a set step too large for
 * one worker returns it split into shards ({@link RunShards} runs and joins them). A failure is
 * thrown as the error the state machine retries (THROTTLED, TRANSIENT) or fails the run on.
 */
@Singleton
public class RunStep {

    private static final Logger LOG = LoggerFactory.getLogger(RunStep.class);

    private final RunLedger ledger;
    private final DefinitionStore definitions;
    private final StepExecutor executor;
    private final LeftUploads uploads;
    private final ObjectLedger objects;
    private final StepsConfiguration steps;
    private final RunShards shards;
    private final Clock clock;
    private final StepActions actions;
    private final Optional<TaskCallbacks> callbacks;
    private final Optional<FailureAlerts> notices;
    private final RunAlerts alerts;

    public RunStep(RunLedger ledger, DefinitionStore definitions, StepExecutor executor, LeftUploads uploads, ObjectLedger objects,
            StepsConfiguration steps, RunShards shards, Clock clock, StepActions actions, Optional<TaskCallbacks> callbacks,
            Optional<FailureAlerts> notices, RunAlerts alerts) {
        this.actions = actions;
        this.callbacks = callbacks;
        this.notices = notices;
        this.alerts = alerts;
        this.steps = steps;
        this.shards = shards;
        this.ledger = ledger;
        this.definitions = definitions;
        this.executor = executor;
        this.uploads = uploads;
        this.objects = objects;
        this.clock = clock;
    }

    /**
     * Given the run's document, works out which steps run next (those whose waits are over), or
     * that none is left; given a step's document, runs that step (one invocation of it) and returns
     * its document, to be continued or ended. A WAIT step's document carries the task token the
     * state machine waits on: the step is recorded WAITING with it.
     */
    public ExecutionDocument run(ExecutionDocument doc) {
        try (LogFields fields = LogFields.of(doc.id(), doc.runId(), doc.ofRun() ? null : doc.current())) {
            return runWithFields(doc);
        }
    }

    private ExecutionDocument runWithFields(ExecutionDocument doc) {
        if (doc.ofRun()) {
            return advance(doc);
        }
        Run run = ledger.get(doc.id(), doc.runId()).orElseThrow(() -> new IllegalStateException("run " + doc.runId() + " is gone"));
        if (run.status().finished()) {
            // A task delivered again after the run ended (a step skipped it, say): nothing more runs.
            if (doc.taskToken() != null) {
                callbacks.ifPresent(c -> c.fail(doc.taskToken(), StepErrorCode.STOPPED.name(), "the run has ended"));
            }
            return doc.stepEnded();
        }
        StepRun before = run.steps().get(doc.current());
        Optional<JobDefinition> definition = definitions.find(run.definitionKey());
        if (definition.isEmpty()) {
            RunError gone = RunError.jobGone(run, before.id());
            ledger.recordStep(doc.id(), doc.runId(), new StepRun(before.id(), before.name(), before.action(), StepRun.FAILED,
                    before.startedAt() == null ? now() : before.startedAt(), now(), null, gone, Math.max(1, before.attempts())));
            throw new StepFailedException(gone.code() + ": " + gone.message());
        }
        Step step = definition.get().steps().get(doc.current());
        if (doc.taskToken() != null) {
            return await(doc, run, step);
        }
        if (doc.shard() != null) {
            return shards.run(doc, run, definition.get(), step);
        }
        if (StepRun.SUCCEEDED.equals(before.status())) {
            return doc.stepEnded();
        }
        if (doc.shards() != null) {
            return shards.join(doc, before, step);
        }
        String startedAt = before.startedAt() == null ? now() : before.startedAt();
        // Continuing a step in another invocation (a long MERGE) is the same attempt, not another one; the
        // state machine's retry of an invocation that failed (its error is on the step) is the next one.
        boolean retry = StepRun.RUNNING.equals(before.status()) && before.error() != null;
        int attempt = doc.continuation() != null && before.attempts() > 0 && !retry ? before.attempts() : before.attempts() + 1;
        Attempt record = new Attempt(doc, step, startedAt, attempt);
        record.running(before.bytes(), null, before.objects());
        if (doc.continuation() == null) {
            RunLedger.RecordedUpload left = uploads.of(doc.id(), doc.runId()).get(step.id());
            if (left != null) {
                uploads.abort(run, step.id(), left);
            }
        }
        try {
            Invocation invocation = new Invocation(uploads.journal(doc.id(), doc.runId(), step.id()),
                    objects.journal(doc.id(), doc.runId(), step.id()), retry, steps.getSetShards(), null);
            StepExecutor.StepResult result = executor.execute(step, doc.continuation(), invocation, run.templateValues(definition.get()));
            if (result.shardBounds() != null) {
                // Too large for one worker: the state machine runs its shards side by side, then this task joins them.
                ledger.recordShardBounds(doc.id(), doc.runId(), step.id(), result.shardBounds());
                record.running(0L, null, null);
                int count = result.shardBounds().size() + 1;
                LOG.info("step {} of run {} of job {} is split into {} shards", step.id(), doc.runId(), doc.id(), count);
                return doc.sharded(count);
            }
            if (result.continuation() != null) {
                if (ledger.get(doc.id(), doc.runId()).map(r -> r.status().finished()).orElse(true)) {
                    // The run ended while this invocation worked (a step beside it failed): nothing will continue it.
                    executor.abandon(step, result.continuation(), run.templateValues(definition.get()));
                    uploads.clear(doc.id(), doc.runId(), step.id());
                    return doc.stepEnded();
                }
                record.running(result.bytes(), null, result.objects());
                return doc.continueWith(result.continuation());
            }
            if (result.skipRun() != null) {
                RunError skipped = new RunError(StepErrorCode.NO_OBJECTS.name(), result.skipRun(), step.id());
                uploads.clear(doc.id(), doc.runId(), step.id());
                record.ended(StepRun.SKIPPED, 0L, skipped, null);
                ledger.finish(doc.id(), doc.runId(), RunStatus.SKIPPED, now(), skipped);
                LOG.info("run {} of job {} skipped at step {}: {}", doc.runId(), doc.id(), step.id(), result.skipRun());
                return doc.stepEnded();
            }
            uploads.clear(doc.id(), doc.runId(), step.id());
            record.ended(StepRun.SUCCEEDED, result.bytes(), null, result.objects());
            return doc.stepEnded();
        } catch (StepFailure failure) {
            // The action aborted its own upload before it reported the failure.
            uploads.clear(doc.id(), doc.runId(), step.id());
            RunError error = new RunError(failure.code().name(), failure.getMessage(), step.id());
            // A set step that went through its set says how far it got.
            Long bytes = failure instanceof FailedObjects set ? Long.valueOf(set.bytes()) : null;
            ObjectCounts counts = failure instanceof FailedObjects set ? set.counts() : null;
            // A retryable failure leaves the step RUNNING with its last error; the state machine tries again,
            // unless the step has had its attempts.
            FailedAttempt failed = FailedAttempt.of(failure, attempt, steps.getMaxAttempts());
            if (failed.again()) {
                record.running(bytes, error, counts);
            } else {
                record.ended(StepRun.FAILED, bytes, error, counts);
            }
            throw failed.toThrow(failure.getMessage());
        } catch (TemplateException unfilled) {
            // A template the run cannot fill: {trigger.key} in a run no object started.
            RunError error = new RunError(StepErrorCode.PRECONDITION_FAILED.name(), "the step's names cannot be filled: "
                    + unfilled.getMessage(), step.id());
            uploads.clear(doc.id(), doc.runId(), step.id());
            record.ended(StepRun.FAILED, null, error, null);
            throw new StepFailedException(error.code() + ": " + error.message());
        } catch (SdkException ledgerFault) {
            // The actions type their own S3 failures, so this is the run ledger's store failing: worth another try.
            LOG.warn("step {} of run {} of job {}: the run ledger could not be written: {}", step.id(), doc.runId(), doc.id(),
                    ledgerFault.toString());
            throw new StepTransientException("TRANSIENT: the run's record could not be written; the step is tried again");
        } catch (RuntimeException unexpected) {
            // A fault in FileJobs itself: logged with its trace; the run and the alert get words, not class names.
            LOG.error("step {} of run {} of job {} failed on an unexpected error", step.id(), doc.runId(), doc.id(), unexpected);
            RunError error = new RunError(StepErrorCode.INTERNAL.name(), "the step failed on an unexpected error in FileJobs;"
                    + " the service's log has it under run " + doc.runId(), step.id());
            record.ended(StepRun.FAILED, null, error, null);
            throw new StepFailedException(error.code() + ": " + error.message());
        }
    }

    /**
     * The run's next steps: those not yet SUCCEEDED whose waits have all SUCCEEDED, each marked when
     * it waits for a callback, with the time it may still wait. None left: the run's steps are done,
     * or a step ended the run early (SKIPPED). A step that FAILED fails the run.
     */
    private ExecutionDocument advance(ExecutionDocument doc) {
        Run run = ledger.get(doc.id(), doc.runId()).orElseThrow(() -> new IllegalStateException("run " + doc.runId() + " is gone"));
        if (run.status().finished()) {
            return doc.finished();
        }
        Optional<JobDefinition> definition = definitions.find(run.definitionKey());
        if (definition.isEmpty()) {
            RunError gone = RunError.jobGone(run, null);
            ledger.finish(doc.id(), doc.runId(), RunStatus.FAILED, now(), gone);
            throw new StepFailedException(gone.code() + ": " + gone.message());
        }
        Optional<StepRun> failed = run.steps().stream().filter(s -> StepRun.FAILED.equals(s.status())).findFirst();
        if (failed.isPresent()) {
            RunError error = failed.get().error();
            throw new StepFailedException(error == null ? "step " + failed.get().id() + " failed" : error.code() + ": " + error.message());
        }
        List<Step> steps = definition.get().steps();
        List<Integer> ready = StepGraph.of(steps).ready(id -> StepRun.SUCCEEDED.equals(run.steps().get(id).status()));
        if (ready.isEmpty()) {
            if (run.steps().stream().allMatch(s -> StepRun.SUCCEEDED.equals(s.status()))) {
                return doc.finished();
            }
            throw new StepFailedException(StepErrorCode.INTERNAL.name() + ": no step of the run can start, and not all of them succeeded");
        }
        List<ExecutionDocument.ReadyStep> next = new ArrayList<>();
        for (int id : ready) {
            Step step = steps.get(id);
            Optional<Duration> wait = actions.waitsForCallback(step);
            if (wait.isEmpty()) {
                next.add(new ExecutionDocument.ReadyStep(id, false, 0));
                continue;
            }
            StepRun record = run.steps().get(id);
            Instant until = record.waitingUntil() != null ? Instant.parse(record.waitingUntil()) : clock.instant().plus(wait.get());
            // A wait taken up again (the embedded runtime restarted) keeps its deadline; one already past times out at once.
            long seconds = Math.max(1, (Duration.between(clock.instant(), until).toMillis() + 999) / 1000);
            next.add(new ExecutionDocument.ReadyStep(id, true, seconds));
        }
        LOG.info("run {} of job {}: steps {} run next", doc.runId(), doc.id(), ready);
        return doc.readyToRun(next);
    }

    /**
     * A WAIT step's task, which the state machine holds until its token is answered: records the step
     * WAITING with the token (a wait taken up again after a restart keeps its start and deadline),
     * and sends the notice that it waits. A step answered while no task waited on it (the embedded
     * runtime was restarting) has its answer handed over at once.
     */
    private ExecutionDocument await(ExecutionDocument doc, Run run, Step step) {
        StepRun before = run.steps().get(step.id());
        if (before.callback() != null) {
            deliver(doc.taskToken(), before);
            return doc.stepEnded();
        }
        String since = before.startedAt() == null ? now() : before.startedAt();
        long seconds = doc.timeoutSeconds() == null ? actions.waitsForCallback(step).orElseThrow().toSeconds() : doc.timeoutSeconds();
        String until = before.waitingUntil() != null ? before.waitingUntil()
                : clock.instant().plusSeconds(seconds).truncatedTo(ChronoUnit.MILLIS).toString();
        StepRun waiting = new StepRun(step.id(), step.name(), step.action(), StepRun.WAITING, since, null, null, null, 1, null, null, until,
                null);
        if (!ledger.recordWaiting(doc.id(), doc.runId(), waiting, doc.taskToken())) {
            // Answered, or the run ended, between the read above and now.
            Run now = ledger.get(doc.id(), doc.runId()).orElseThrow();
            StepRun answered = now.steps().get(step.id());
            if (answered.callback() != null) {
                deliver(doc.taskToken(), answered);
            } else {
                callbacks.ifPresent(c -> c.fail(doc.taskToken(), StepErrorCode.STOPPED.name(), "the run has ended"));
            }
            return doc.stepEnded();
        }
        LOG.info("step {} of run {} of job {} waits for its callback until {}", step.id(), doc.runId(), doc.id(), until);
        if (!before.waiting()) {
            try {
                notices.ifPresent(n -> n.publish(alerts.waiting(run, waiting, null)));
            } catch (RuntimeException e) {
                // The run still shows WAITING with its callback route; a lost notice does not stop the wait.
                LOG.warn("the notice that step {} of run {} of job {} waits could not be sent: {}", step.id(), doc.runId(), doc.id(), e.toString());
            }
        }
        return doc.stepEnded();
    }

    /** Hands a recorded callback to the task that now waits on {@code token}. */
    private void deliver(String token, StepRun answered) {
        callbacks.ifPresent(c -> {
            if (StepRun.SUCCEEDED.equals(answered.status())) {
                c.succeed(token, "{}");
            } else {
                c.fail(token, StepErrorCode.CALLBACK_REJECTED.name(), answered.error() == null ? "the callback answered FAILED"
                        : answered.error().message());
            }
        });
    }

    /** One attempt at a step, as the ledger records it. */
    private final class Attempt {
        private final ExecutionDocument doc;
        private final Step step;
        private final String startedAt;
        private final int number;

        Attempt(ExecutionDocument doc, Step step, String startedAt, int number) {
            this.doc = doc;
            this.step = step;
            this.startedAt = startedAt;
            this.number = number;
        }

        void running(Long bytes, RunError error, ObjectCounts counts) {
            ledger.recordStep(doc.id(), doc.runId(), new StepRun(step.id(), step.name(), step.action(), StepRun.RUNNING, startedAt, null,
                    bytes, error, number, counts));
        }

        void ended(String status, Long bytes, RunError error, ObjectCounts counts) {
            ledger.recordStep(doc.id(), doc.runId(), new StepRun(step.id(), step.name(), step.action(), status, startedAt, now(), bytes,
                    error, number, counts));
        }
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
