package io.filejobs.core.trigger;

import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobRecord;
import java.util.Set;

/**
 * Where one kind of trigger is registered outside FileJobs, per job: EventBridge Scheduler's
 * schedules on AWS ({@link io.filejobs.core.schedule.JobSchedules}); the object-created rules come
 * next. The jobs table is the source of truth and {@link TriggerReconciler} brings every kind's
 * registrations in line with it. Every call is idempotent, so it may be repeated by a retry or a
 * reconciliation. Trigger kinds that need no outside registration (manual runs, and schedules on
 * the embedded runtime, whose scheduler reads the jobs table itself) have none.
 */
public interface TriggerRegistrations {

    /** Makes the job's registrations of this kind match this version of it (created, updated or deleted). */
    void apply(JobRecord job, JobDefinition definition);

    /** Deletes the job's registrations of this kind; nothing happens when it has none. */
    void remove(String jobId);

    /** The ids of the jobs that have a registration of this kind. */
    Set<String> registeredJobIds();
}
