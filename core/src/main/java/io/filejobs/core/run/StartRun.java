package io.filejobs.core.run;

import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobRecord;
import io.filejobs.core.job.OverlapPolicy;
import io.filejobs.core.job.ValidationStatus;
import io.filejobs.core.logging.LogFields;
import io.filejobs.core.store.DefinitionStore;
import io.filejobs.core.store.JobTable;
import io.filejobs.core.store.RunClaims;
import io.filejobs.core.store.RunLedger;
import io.filejobs.core.trigger.RunTrigger;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow's first task: finds or claims the run its trigger names, checks the job (gone,
 * invalid, its previous run still going under overlap SKIP or QUEUE), marks the run RUNNING and builds the
 * execution document. Safe to repeat: Step Functions may deliver a task twice, and a run started
 * again resumes with its steps that have not succeeded.
 */
@Singleton
public class StartRun {

    private static final Logger LOG = LoggerFactory.getLogger(StartRun.class);
    /** The error code of a run skipped because the job's previous run was still going. */
    public static final String OVERLAP = "OVERLAP";

    private final JobTable jobs;
    private final DefinitionStore definitions;
    private final RunLedger ledger;
    private final RunClaims claims;
    private final Clock clock;
    private final QueuedRuns queued;

    public StartRun(JobTable jobs, DefinitionStore definitions, RunLedger ledger, RunClaims claims, Clock clock, QueuedRuns queued) {
        this.queued = queued;
        this.jobs = jobs;
        this.definitions = definitions;
        this.ledger = ledger;
        this.claims = claims;
        this.clock = clock;
    }

    public ExecutionDocument start(RunRequest request) {
        try (LogFields fields = LogFields.of(request.jobId(), request.runId(), null)) {
            return startWithFields(request);
        }
    }

    private ExecutionDocument startWithFields(RunRequest request) {
        RunTrigger trigger = RunTrigger.of(request);
        Optional<Run> found = trigger.claimsAtStart() && !request.resume() ? claim(request.jobId(), trigger)
                : Optional.of(ledger.get(request.jobId(), trigger.runId()).orElseThrow(() -> new IllegalStateException(
                        "run " + trigger.runId() + " of job " + request.jobId() + " was never recorded")));
        if (found.isEmpty()) {
            return new ExecutionDocument(request.jobId(), "", "", ExecutionDocument.DUPLICATE, 0, 0, 0, List.of());
        }
        Run run = found.get();
        Optional<JobDefinition> pinned = definitions.find(run.definitionKey());
        if (pinned.isEmpty()) {
            ledger.finish(run.jobId(), run.runId(), RunStatus.FAILED, now(), RunError.jobGone(run, null));
            return new ExecutionDocument(run.jobId(), "", run.runId(), ExecutionDocument.SKIPPED, 0, 0, 0, List.of());
        }
        JobDefinition definition = pinned.get();
        if (run.status() == RunStatus.QUEUED) {
            Optional<ExecutionDocument> refused = refuse(run, definition, request.resume());
            if (refused.isPresent()) {
                return refused.get();
            }
            ledger.start(run.jobId(), run.runId(), now());
        } else if (run.status() != RunStatus.RUNNING) {
            return document(run, definition, ExecutionDocument.DUPLICATE, 0);
        }
        // The step task works out which steps run: those not yet SUCCEEDED whose waits are over.
        return document(run, definition, ExecutionDocument.RUN, -1);
    }

    /**
     * Why a QUEUED run does not start now: its job is invalid (recorded SKIPPED); its previous run
     * still goes under SKIP (recorded SKIPPED, OVERLAP) or under QUEUE (it waits, still QUEUED).
     */
    private Optional<ExecutionDocument> refuse(Run run, JobDefinition definition, boolean resumed) {
        Optional<JobRecord> job = jobs.get(run.jobId());
        if (job.isPresent() && job.get().validation().status() == ValidationStatus.INVALID) {
            String reasons = job.get().validation().errors().stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
            ledger.finish(run.jobId(), run.runId(), RunStatus.SKIPPED, now(), new RunError("JOB_INVALID", "the job is invalid: " + reasons, null));
            return Optional.of(document(run, definition, ExecutionDocument.SKIPPED, 0));
        }
        if (definition.overlap() == OverlapPolicy.SKIP) {
            Optional<String> active = claims.claimActive(run.jobId(), run.runId());
            if (active.isPresent()) {
                String started = run.triggerObject() == null ? ""
                        : "the creation of " + run.triggerObject().bucket() + "/" + run.triggerObject().key() + " started this run, but ";
                ledger.finish(run.jobId(), run.runId(), RunStatus.SKIPPED, now(), new RunError(OVERLAP, started + "run " + active.get()
                        + " of this job was still going; the job's overlap policy is SKIP", null));
                LOG.info("run {} of job {} skipped: run {} is still going", run.runId(), run.jobId(), active.get());
                return Optional.of(document(run, definition, ExecutionDocument.OVERLAP, 0));
            }
        }
        if (definition.overlap() == OverlapPolicy.QUEUE && !mayGoNow(run.jobId(), run.runId(), resumed)) {
            LOG.info("run {} of job {} waits for the job's runs before it (overlap QUEUE)", run.runId(), run.jobId());
            return Optional.of(document(run, definition, ExecutionDocument.QUEUED, 0));
        }
        return Optional.empty();
    }

    /**
     * Under overlap QUEUE, whether the run takes the job's active-run place now; otherwise it is left
     * in the job's queue, and the run that finishes before it starts it again ({@link FinishRun}).
     * A run does not pass one that waits before it. A run started again ({@code resumed}: by the
     * finishing run, which claimed the place for it, or after the embedded runtime restarted) goes
     * when it holds the place. Taking the run out of the queue is what decides, between its own
     * execution and the finishing run, which one starts it.
     */
    private boolean mayGoNow(String jobId, String runId, boolean resumed) {
        if (resumed) {
            if (claims.claimActive(jobId, runId).isEmpty()) {
                claims.dequeue(jobId, runId);
                return true;
            }
            claims.enqueue(jobId, runId);
            return false;
        }
        Optional<String> first = claims.oldestQueued(jobId);
        if (first.isEmpty() && claims.claimActive(jobId, runId).isEmpty()) {
            return true;
        }
        claims.enqueue(jobId, runId);
        // The run holding the place may have finished before this run was in the queue to be seen: try once more.
        if (claims.oldestQueued(jobId).filter(runId::equals).isPresent() && claims.claimActive(jobId, runId).isEmpty()
                && claims.dequeue(jobId, runId)) {
            return true;
        }
        queued.rescue(jobId);
        return false;
    }

    /** Creates the run a trigger claims; empty when the job is gone or an earlier delivery of the trigger already did. */
    private Optional<Run> claim(String jobId, RunTrigger trigger) {
        Optional<JobRecord> job = jobs.get(jobId);
        if (job.isEmpty()) {
            LOG.warn("{} trigger fired for job {}, which no longer exists; nothing to run", trigger.kind(), jobId);
            return Optional.empty();
        }
        JobDefinition definition = definitions.get(job.get().definitionKey());
        RunLedger.Created created = ledger.create(Run.queued(job.get(), definition, trigger, now()));
        if (!created.created()) {
            LOG.info("run {} of job {} was already started by another delivery of its trigger", created.run().runId(), jobId);
            return Optional.empty();
        }
        return Optional.of(created.run());
    }

    private static ExecutionDocument document(Run run, JobDefinition definition, String outcome, int current) {
        List<ExecutionDocument.StepSummary> steps = definition.steps().stream()
                .map(s -> new ExecutionDocument.StepSummary(s.id(), s.name(), s.action())).toList();
        return new ExecutionDocument(run.jobId(), definition.name(), run.runId(), outcome, steps.size(), 0, current, steps);
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
