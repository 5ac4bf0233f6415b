package io.filejobs.core.job;

/** Where the asynchronous check of a job's buckets and sources stands. */
public enum ValidationStatus {
    PENDING,
    VALID,
    INVALID
}
