package io.filejobs.core.job;

/** Starts the asynchronous check of one version of a job, after it was stored. */
public interface ValidationTrigger {

    void validateLater(String jobId, long version);
}
