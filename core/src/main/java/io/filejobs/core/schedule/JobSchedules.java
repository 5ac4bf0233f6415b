package io.filejobs.core.schedule;

import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobRecord;
import java.util.Set;

/**
 * The production schedules of jobs, one per job (EventBridge Scheduler on AWS). The embedded
 * runtime has none: its scheduler reads the jobs table itself. Every call is idempotent, so a
 * write may be repeated by a retry or a reconciliation.
 */
public interface JobSchedules {

    /**
     * Makes the job's schedule match this version of it: created or updated when the version has a
     * schedule expression (ENABLED or DISABLED with the job), deleted when it has none.
     */
    void apply(JobRecord job, JobDefinition definition);

    /** Deletes the job's schedule; nothing happens when it has none. */
    void remove(String jobId);

    /** The ids of the jobs that have a schedule. */
    Set<String> scheduledJobIds();
}
