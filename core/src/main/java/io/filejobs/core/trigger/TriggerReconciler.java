package io.filejobs.core.trigger;

import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobRecord;
import io.filejobs.core.store.DefinitionStore;
import io.filejobs.core.store.JobTable;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings every kind of trigger registration ({@link TriggerRegistrations}) back in line with the
 * jobs table, which is the source of truth. The API writes a job's registrations right after the
 * job and undoes the job when they fail; what a crash between the two leaves behind is repaired
 * here, from the jobs table's stream (every job write passes through it) and by a sweep over all
 * jobs and registrations.
 */
@Singleton
public class TriggerReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerReconciler.class);
    private static final int PAGE = 100;

    private final JobTable jobs;
    private final DefinitionStore definitions;
    private final List<TriggerRegistrations> registrations;

    public TriggerReconciler(JobTable jobs, DefinitionStore definitions, List<TriggerRegistrations> registrations) {
        this.jobs = jobs;
        this.definitions = definitions;
        this.registrations = List.copyOf(registrations);
    }

    /**
     * Makes each named job's registrations match the job as it is now (read consistently, not as
     * a stream image says it was), or removes them when the job is gone.
     */
    public void reconcile(Collection<String> jobIds) {
        if (registrations.isEmpty()) {
            return;
        }
        for (String jobId : new HashSet<>(jobIds)) {
            Optional<JobRecord> job = jobs.get(jobId);
            if (job.isPresent()) {
                JobDefinition definition = definitions.get(job.get().definitionKey());
                registrations.forEach(r -> r.apply(job.get(), definition));
            } else {
                registrations.forEach(r -> r.remove(jobId));
            }
        }
    }

    /** Applies every job's registrations and deletes those whose job is gone; returns how many jobs' were deleted. */
    public int reconcileAll() {
        if (registrations.isEmpty()) {
            return 0;
        }
        List<Set<String>> registered = registrations.stream().map(r -> (Set<String>) new HashSet<>(r.registeredJobIds())).toList();
        String after = null;
        do {
            JobTable.ScanPage page = jobs.scan(PAGE, after);
            for (JobRecord job : page.jobs()) {
                JobDefinition definition = definitions.get(job.definitionKey());
                registrations.forEach(r -> r.apply(job, definition));
                registered.forEach(ids -> ids.remove(job.id()));
            }
            after = page.lastJobId();
        } while (after != null);
        int removed = 0;
        for (int i = 0; i < registrations.size(); i++) {
            for (String orphan : registered.get(i)) {
                // Read again: a job created since the scan is not an orphan.
                if (jobs.get(orphan).isEmpty()) {
                    LOG.warn("a trigger registration of job {} has no job; deleting it", orphan);
                    registrations.get(i).remove(orphan);
                    removed++;
                }
            }
        }
        return removed;
    }
}
