package io.filejobs.steplambdas;

import io.filejobs.core.job.JobStreamEvent;
import io.filejobs.core.trigger.TriggerReconciler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Keeps the jobs' EventBridge Scheduler schedules in line with the jobs table. Fed by the table's
 * DynamoDB stream, it brings the schedule of each changed job to the job's current state (which
 * repairs a write interrupted between the job and its schedule); invoked with an empty event (a
 * periodic timer), it sweeps every job and deletes schedules whose job is gone.
 */
public class ReconcileSchedulesFunction extends MicronautRequestHandler<JobStreamEvent, Integer> {

    @Inject
    TriggerReconciler reconciler;

    public ReconcileSchedulesFunction() {
    }

    public ReconcileSchedulesFunction(ApplicationContext context) {
        super(context);
    }

    /** Returns how many jobs were reconciled from the stream, or how many orphan schedules a sweep deleted. */
    @Override
    public Integer execute(JobStreamEvent input) {
        if (input == null || input.isEmpty()) {
            return reconciler.reconcileAll();
        }
        var jobIds = input.changedJobIds();
        reconciler.reconcile(jobIds);
        return jobIds.size();
    }
}
