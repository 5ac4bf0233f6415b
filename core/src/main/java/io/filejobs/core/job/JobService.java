package io.filejobs.core.job;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.error.FieldError;
import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.schedule.ScheduleExpression;
import io.filejobs.core.store.DefinitionStore;
import io.filejobs.core.store.JobTable;
import io.filejobs.core.store.PageCursor;
import io.filejobs.core.store.RunLedger;
import io.filejobs.core.trigger.TriggerRegistrations;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, reads, lists, replaces and deletes jobs. The definition object is written to S3 before
 * the table item that points at it, so no job ever points at a missing definition; an object left
 * behind by a failed or lost write is removed.
 *
 * <p>The job's trigger registrations (its production schedule, where jobs have them, and the index
 * of its object-created triggers) are written right after the table item;
 * when that fails, the item is put back as it was and the request fails, so the pair is left as it
 * was. A crash between the two writes is repaired from the table's stream by the
 * {@link io.filejobs.core.trigger.TriggerReconciler}.
 */
@Singleton
public class JobService {

    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);

    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;
    private static final String CURSOR_KIND = "j1";
    /** How many fire times {@code nextRuns} shows. */
    public static final int NEXT_RUNS = 5;

    private final JobDefinitionValidator validator;
    private final JobTable table;
    private final DefinitionStore definitions;
    private final Clock clock;
    private final BeanProvider<ValidationTrigger> validation;
    private final List<TriggerRegistrations> registrations;

    private final JsonMapper json;
    private final int maxPageBytes;
    private final RunLedger runs;

    public JobService(JobDefinitionValidator validator, JobTable table, DefinitionStore definitions, Clock clock,
            BeanProvider<ValidationTrigger> validation, List<TriggerRegistrations> registrations, JsonMapper json, FileJobsConfiguration config,
            RunLedger runs) {
        this.json = json;
        this.runs = runs;
        this.maxPageBytes = config.getLimits().getMaxPageBytes();
        this.validator = validator;
        this.table = table;
        this.definitions = definitions;
        this.clock = clock;
        this.validation = validation;
        this.registrations = List.copyOf(registrations);
    }

    public Job create(JobDefinition definition) {
        validator.validate(definition);
        String id = JobIds.next();
        Instant now = now();
        String key = definitions.put(id, 1, definition);
        JobRecord record = new JobRecord(id, 1, definition.name(), definition.state(), key, now, now, JobValidation.pending());
        boolean stored;
        try {
            stored = table.insert(record);
        } catch (RuntimeException e) {
            definitions.deleteQuietly(key);
            throw e;
        }
        if (!stored) {
            definitions.deleteQuietly(key);
            throw new FileJobsException(ErrorCode.CONFLICT, "a job with the generated id exists already; send the request again");
        }
        try {
            applySchedule(record, definition);
        } catch (RuntimeException e) {
            if (table.delete(id, record.version())) {
                definitions.deleteAllQuietly(id);
            } else {
                LOG.error("job {} could not be taken back after its schedule failed; the reconciliation repairs it", id);
            }
            throw e;
        }
        validateLater(record);
        return view(record, definition);
    }

    public Job get(String jobId) {
        JobRecord record = load(jobId);
        return view(record, definitions.get(record.definitionKey()));
    }

    /** A page of at most {@code limit} jobs after {@code cursor} (null for the first page). */
    public JobPage list(int limit, @Nullable String cursor) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw FileJobsException.validation(List.of(new FieldError("limit", "must be 1 to " + MAX_PAGE_SIZE)));
        }
        String after = cursor == null ? null : PageCursor.decode(CURSOR_KIND, cursor, JobIds::isWellFormed);
        JobTable.ScanPage page = table.scan(limit, after);
        // A page ends early, and always after at least one job, when the next job would take it past
        // the byte budget: jobs of 100 large MERGE steps would otherwise make a page of many megabytes.
        List<Job> jobs = new ArrayList<>();
        long bytes = 0;
        for (JobRecord record : page.jobs()) {
            Job job = view(record, definitions.get(record.definitionKey()));
            bytes += serializedSize(job);
            if (!jobs.isEmpty() && bytes > maxPageBytes) {
                return new JobPage(jobs, PageCursor.encode(CURSOR_KIND, jobs.get(jobs.size() - 1).id()));
            }
            jobs.add(job);
        }
        return new JobPage(jobs, page.lastJobId() == null ? null : PageCursor.encode(CURSOR_KIND, page.lastJobId()));
    }

    private long serializedSize(Job job) {
        try {
            return json.writeValueAsBytes(job).length;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Replaces the definition. With {@code ifMatch}, only if the job is still at that version
     * (else PRECONDITION_FAILED); without it, the write still fails with CONFLICT rather than
     * silently overwrite a change made between our read and our write.
     */
    public Job replace(String jobId, JobDefinition definition, @Nullable String ifMatch) {
        validator.validate(definition);
        JobRecord current = load(jobId);
        requireMatch(ifMatch, current);
        long version = current.version() + 1;
        String key = definitions.put(jobId, version, definition);
        JobRecord next = new JobRecord(jobId, version, definition.name(), definition.state(), key,
                current.createdAt(), now(), JobValidation.pending());
        boolean stored;
        try {
            stored = table.replace(next, current.version());
        } catch (RuntimeException e) {
            definitions.deleteQuietly(key);
            throw e;
        }
        if (!stored) {
            definitions.deleteQuietly(key);
            throw lostRace(jobId, ifMatch);
        }
        try {
            applySchedule(next, definition);
        } catch (RuntimeException e) {
            // Put the previous version back; its definition object is still there. The new
            // version's object stays until the job is deleted, as every version's does.
            if (!table.replace(current, next.version())) {
                LOG.error("job {} could not be put back to version {} after its schedule failed; the reconciliation repairs it",
                        jobId, current.version());
            }
            throw e;
        }
        validateLater(next);
        return view(next, definition);
    }

    /**
     * Deletes the job, its definitions and its schedule. Refused (CONFLICT) while a run of the job
     * is QUEUED or RUNNING: the run reads its definition as it goes, and its history stays readable
     * only while the job exists.
     */
    public void delete(String jobId, @Nullable String ifMatch) {
        JobRecord current = load(jobId);
        requireMatch(ifMatch, current);
        runs.activeRun(jobId).ifPresent(runId -> {
            throw new FileJobsException(ErrorCode.CONFLICT, "run " + runId + " of job " + jobId
                    + " is still QUEUED or RUNNING; delete the job once it has finished");
        });
        if (!table.delete(jobId, current.version())) {
            throw lostRace(jobId, ifMatch);
        }
        definitions.deleteAllQuietly(jobId);
        for (TriggerRegistrations registration : registrations) {
            // The job is gone whatever happens here: a schedule or trigger left behind finds no job to
            // run (the run start passes over it) and is deleted by the reconciliation.
            try {
                registration.remove(jobId);
            } catch (RuntimeException e) {
                LOG.warn("a trigger registration of deleted job {} could not be deleted now; the reconciliation deletes it: {}", jobId,
                        e.getMessage());
            }
        }
    }

    /** Writes the job's trigger registrations: its production schedule where this runtime keeps them, its object-created triggers. */
    private void applySchedule(JobRecord record, JobDefinition definition) {
        registrations.forEach(r -> r.apply(record, definition));
    }

    /** Starts the asynchronous check, where this runtime has one; until it reports, the job is PENDING. */
    private void validateLater(JobRecord record) {
        if (validation.isPresent()) {
            validation.get().validateLater(record.id(), record.version());
        }
    }

    private JobRecord load(String jobId) {
        if (!JobIds.isWellFormed(jobId)) {
            throw FileJobsException.jobNotFound(jobId);
        }
        return table.get(jobId).orElseThrow(() -> FileJobsException.jobNotFound(jobId));
    }

    private static void requireMatch(@Nullable String ifMatch, JobRecord current) {
        if (!EntityTags.ifMatchAllows(ifMatch, current.version())) {
            throw new FileJobsException(ErrorCode.PRECONDITION_FAILED,
                    "If-Match " + ifMatch + " does not match the job's current ETag " + JobRecord.etagOf(current.version()));
        }
    }

    private FileJobsException lostRace(String jobId, @Nullable String ifMatch) {
        if (ifMatch != null) {
            return new FileJobsException(ErrorCode.PRECONDITION_FAILED, "job " + jobId + " changed while this request was applied; read it again");
        }
        if (table.get(jobId).isEmpty()) {
            return FileJobsException.jobNotFound(jobId);
        }
        return new FileJobsException(ErrorCode.CONFLICT, "job " + jobId + " changed while this request was applied; read it and send the request again");
    }

    private Job view(JobRecord record, JobDefinition definition) {
        return Job.of(record, definition, nextRuns(record, definition));
    }

    /** The next fire times of an ENABLED, scheduled job, as ISO-8601 with the offset of its zone. */
    private List<String> nextRuns(JobRecord record, JobDefinition definition) {
        if (definition.state() != JobState.ENABLED || definition.schedule() == null) {
            return List.of();
        }
        return ScheduleExpression.parse(definition.schedule())
                .nextFireTimes(ZoneId.of(definition.timezone()), record.createdAt(), clock.instant(), NEXT_RUNS).stream()
                .map(DateTimeFormatter.ISO_OFFSET_DATE_TIME::format).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
