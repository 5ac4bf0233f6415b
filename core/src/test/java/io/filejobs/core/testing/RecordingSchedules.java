package io.filejobs.core.testing;

import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobRecord;
import io.filejobs.core.schedule.JobSchedules;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Schedules kept in a map, whose next write can be made to fail as an unreachable Scheduler would. */
public final class RecordingSchedules implements JobSchedules {

    /** What a job's schedule was last written as. */
    public record Entry(long version, String expression, String state) {
    }

    public final Map<String, Entry> schedules = new ConcurrentHashMap<>();
    public final AtomicBoolean failNext = new AtomicBoolean();

    @Override
    public void apply(JobRecord job, JobDefinition definition) {
        failIfAsked();
        if (definition.schedule() == null) {
            schedules.remove(job.id());
        } else {
            schedules.put(job.id(), new Entry(job.version(), definition.schedule(), definition.state().name()));
        }
    }

    @Override
    public void remove(String jobId) {
        failIfAsked();
        schedules.remove(jobId);
    }

    @Override
    public Set<String> registeredJobIds() {
        return Set.copyOf(schedules.keySet());
    }

    private void failIfAsked() {
        if (failNext.getAndSet(false)) {
            throw new FileJobsException(ErrorCode.SERVICE_UNAVAILABLE, "injected: the scheduler is unreachable");
        }
    }
}
