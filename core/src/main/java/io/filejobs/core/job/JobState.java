package io.filejobs.core.job;

/** Whether a job's schedule starts runs. A DISABLED job can still be run by hand. */
public enum JobState {
    ENABLED,
    DISABLED
}
