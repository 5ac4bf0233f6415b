package io.filejobs.core.schedule;

import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobRecord;
import io.filejobs.core.trigger.TriggerRegistrations;

/**
 * The production schedules of jobs, one per job (EventBridge Scheduler on AWS). The embedded
 * runtime has none: its scheduler reads the jobs table itself. Every call is idempotent, so a
 * write may be repeated by a retry or a reconciliation.
 */
public interface JobSchedules extends TriggerRegistrations {

    /**
     * Makes the job's schedule match this version of it: created or updated when the version has a
     * schedule expression (ENABLED or DISABLED with the job), deleted when it has none.
     */
    @Override
    void apply(JobRecord job, JobDefinition definition);
}
