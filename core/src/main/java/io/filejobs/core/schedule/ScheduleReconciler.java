package io.filejobs.core.schedule;

import io.filejobs.core.job.JobRecord;
import io.filejobs.core.store.DefinitionStore;
import io.filejobs.core.store.JobTable;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings schedules back in line with the jobs table, which is the source of truth. The API writes a
 * job's schedule right after the job and undoes the job when the schedule fails; what a crash
 * between the two leaves behind is repaired here, from the jobs table's stream (every job write
 * passes through it) and by a sweep over all jobs and schedules.
 */
@Singleton
@Requires(beans = JobSchedules.class)
public class ScheduleReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleReconciler.class);
    private static final int PAGE = 100;

    private final JobTable jobs;
    private final DefinitionStore definitions;
    private final JobSchedules schedules;

    public ScheduleReconciler(JobTable jobs, DefinitionStore definitions, JobSchedules schedules) {
        this.jobs = jobs;
        this.definitions = definitions;
        this.schedules = schedules;
    }

    /**
     * Makes each named job's schedule match the job as it is now (read consistently, not as a
     * stream image says it was), or removes it when the job is gone.
     */
    public void reconcile(Collection<String> jobIds) {
        for (String jobId : new HashSet<>(jobIds)) {
            Optional<JobRecord> job = jobs.get(jobId);
            if (job.isPresent()) {
                schedules.apply(job.get(), definitions.get(job.get().definitionKey()));
            } else {
                schedules.remove(jobId);
            }
        }
    }

    /** Applies every job's schedule and deletes schedules whose job is gone; returns how many were deleted. */
    public int reconcileAll() {
        Set<String> scheduled = new HashSet<>(schedules.scheduledJobIds());
        String after = null;
        do {
            JobTable.ScanPage page = jobs.scan(PAGE, after);
            for (JobRecord job : page.jobs()) {
                schedules.apply(job, definitions.get(job.definitionKey()));
                scheduled.remove(job.id());
            }
            after = page.lastJobId();
        } while (after != null);
        int removed = 0;
        for (String orphan : scheduled) {
            // Read again: a job created since the scan is not an orphan.
            if (jobs.get(orphan).isEmpty()) {
                LOG.warn("schedule of job {} has no job; deleting it", orphan);
                schedules.remove(orphan);
                removed++;
            }
        }
        return removed;
    }
}
