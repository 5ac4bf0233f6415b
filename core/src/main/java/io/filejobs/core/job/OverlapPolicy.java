package io.filejobs.core.job;

/**
 * What a trigger does while the job's previous run is still going: {@link #SKIP} (the default)
 * records the new run as SKIPPED with code OVERLAP; {@link #ALLOW} runs it alongside; {@link #QUEUE}
 * keeps it QUEUED until the runs before it have finished, then runs it: one at a time, in the order
 * of their logical times (a triggered run's event time, a scheduled run's time, a manual run's request).
 */
public enum OverlapPolicy {
    SKIP,
    ALLOW,
    QUEUE
}
