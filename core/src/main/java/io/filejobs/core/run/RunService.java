package io.filejobs.core.run;

import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.error.FieldError;
import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobDefinitionValidator;
import io.filejobs.core.job.JobIds;
import io.filejobs.core.job.JobRecord;
import io.filejobs.core.job.ValidationStatus;
import io.filejobs.core.step.ObjectRecord;
import io.filejobs.core.store.DefinitionStore;
import io.filejobs.core.store.JobTable;
import io.filejobs.core.store.ObjectLedger;
import io.filejobs.core.store.PageCursor;
import io.filejobs.core.store.RunClaims;
import io.filejobs.core.store.RunLedger;
import io.filejobs.core.trigger.ManualTrigger;
import io.filejobs.core.trigger.RunIds;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts manual runs and reads run history for the API. */
@Singleton
public class RunService {

    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);
    private static final String CURSOR_KIND = "r1";
    private static final String OBJECTS_CURSOR_KIND = "o1";
    public static final int MAX_OBJECTS_PAGE = 1000;
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    private final JobTable jobs;
    private final DefinitionStore definitions;
    private final RunLedger ledger;
    private final RunClaims claims;
    private final ObjectLedger objects;
    private final BeanProvider<RunLauncher> launcher;
    private final Clock clock;

    private final JobDefinitionValidator validator;

    public RunService(JobTable jobs, DefinitionStore definitions, RunLedger ledger, RunClaims claims, ObjectLedger objects,
            BeanProvider<RunLauncher> launcher, Clock clock, JobDefinitionValidator validator) {
        this.validator = validator;
        this.jobs = jobs;
        this.definitions = definitions;
        this.ledger = ledger;
        this.claims = claims;
        this.objects = objects;
        this.launcher = launcher;
        this.clock = clock;
    }

    /**
     * Records a QUEUED run of the job's current version and starts it. With an idempotency key, a
     * repeated request returns the run the first one started instead of starting another.
     */
    public Run startManual(String jobId, @Nullable String idempotencyKey) {
        JobRecord job = job(jobId);
        if (job.validation().status() == ValidationStatus.INVALID) {
            throw new FileJobsException(ErrorCode.JOB_INVALID, "job " + jobId + " is invalid and will not run; fix it and PUT it again",
                    job.validation().errors(), null);
        }
        if (job.validation().status() == ValidationStatus.PENDING) {
            // A run of a version nobody has checked yet could act on buckets and objects the check would refuse.
            throw new FileJobsException(ErrorCode.JOB_PENDING, "version " + job.version() + " of job " + jobId
                    + " is still being checked; run it once its validation is VALID (usually within seconds)");
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw FileJobsException.validation(List.of(new FieldError("Idempotency-Key",
                    "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters")));
        }
        if (!launcher.isPresent()) {
            throw new FileJobsException(ErrorCode.SERVICE_UNAVAILABLE, "runs cannot be started here: no workflow is configured");
        }
        JobDefinition definition = definitions.get(job.definitionKey());
        if (validator.needsTriggerObject(definition)) {
            throw new FileJobsException(ErrorCode.CONFLICT, "job " + jobId + " names the object that started its run ({trigger.key}, ...),"
                    + " so only an object created under its triggers can start it; a run asked for by hand would have no object");
        }
        ManualTrigger trigger = ManualTrigger.at(clock.instant());
        String runId = trigger.runId();
        if (idempotencyKey != null) {
            var earlier = claims.claimIdempotencyKey(jobId, idempotencyKey, runId);
            if (earlier.isPresent()) {
                return ledger.get(jobId, earlier.get()).orElseThrow(() -> new FileJobsException(ErrorCode.CONFLICT,
                        "a run with this Idempotency-Key is being started; read the job's runs in a moment"));
            }
        }
        Run run = ledger.create(Run.queued(job, definition, trigger,
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString())).run();
        try {
            launcher.get().launch(trigger.request(jobId), definition.overlap());
        } catch (RuntimeException e) {
            LOG.error("could not start run {} of job {}", runId, jobId, e);
            ledger.finish(jobId, runId, RunStatus.FAILED, clock.instant().toString(), new RunError("INTERNAL", "the workflow could not be started", null));
            throw new FileJobsException(ErrorCode.SERVICE_UNAVAILABLE, "the run was recorded but could not be started; it is marked FAILED");
        }
        return run;
    }

    public Run get(String jobId, String runId) {
        job(jobId);
        if (!RunIds.isWellFormed(runId)) {
            throw runNotFound(jobId, runId);
        }
        return ledger.get(jobId, runId).orElseThrow(() -> runNotFound(jobId, runId)).shown();
    }

    public RunPage list(String jobId, int limit, @Nullable String cursor) {
        job(jobId);
        if (limit < 1 || limit > 100) {
            throw FileJobsException.validation(List.of(new FieldError("limit", "must be 1 to 100")));
        }
        RunLedger.Page page = ledger.list(jobId, limit, cursor == null ? null : PageCursor.decode(CURSOR_KIND, cursor, RunIds::isWellFormed));
        return new RunPage(page.runs().stream().map(Run::shown).toList(), page.lastRunId() == null ? null : PageCursor.encode(CURSOR_KIND, page.lastRunId()));
    }

    /**
     * A page of what a set step of the run did to each of its objects, in key order, only those in
     * {@code status} when it is given (SUCCEEDED, FAILED or SKIPPED).
     */
    public ObjectPage objects(String jobId, String runId, String stepId, @Nullable String status, int limit, @Nullable String cursor) {
        Run run = get(jobId, runId);
        int step = stepOf(run, stepId);
        List<FieldError> errors = new ArrayList<>();
        if (status != null && !ObjectRecord.STATUSES.contains(status)) {
            errors.add(new FieldError("status", "must be one of SUCCEEDED, FAILED, SKIPPED"));
        }
        if (limit < 1 || limit > MAX_OBJECTS_PAGE) {
            errors.add(new FieldError("limit", "must be 1 to " + MAX_OBJECTS_PAGE));
        }
        if (!errors.isEmpty()) {
            throw FileJobsException.validation(errors);
        }
        String after = cursor == null ? null : PageCursor.decode(OBJECTS_CURSOR_KIND, cursor,
                key -> !key.isEmpty() && key.getBytes(StandardCharsets.UTF_8).length <= 1024);
        ObjectLedger.Page page = objects.page(jobId, runId, step, status, limit, after);
        return new ObjectPage(page.items(), page.lastKey() == null ? null : PageCursor.encode(OBJECTS_CURSOR_KIND, page.lastKey()));
    }

    static int stepOf(Run run, String stepId) {
        try {
            int id = Integer.parseInt(stepId);
            if (id >= 0 && id < run.steps().size()) {
                return id;
            }
        } catch (NumberFormatException notANumber) {
            // Reported below.
        }
        throw new FileJobsException(ErrorCode.STEP_NOT_FOUND, "run " + run.runId() + " of job " + run.jobId() + " has no step '"
                + stepId + "'; its steps are 0 to " + (run.steps().size() - 1));
    }

    private JobRecord job(String jobId) {
        if (!JobIds.isWellFormed(jobId)) {
            throw FileJobsException.jobNotFound(jobId);
        }
        return jobs.get(jobId).orElseThrow(() -> FileJobsException.jobNotFound(jobId));
    }

    static FileJobsException runNotFound(String jobId, String runId) {
        return new FileJobsException(ErrorCode.RUN_NOT_FOUND, "job " + jobId + " has no run '" + runId + "'");
    }
}
