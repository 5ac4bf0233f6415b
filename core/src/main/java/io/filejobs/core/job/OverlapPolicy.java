package io.filejobs.core.job;

/**
 * What a trigger does while the job's previous run is still going: {@link #SKIP} (the default)
 * records the new run as SKIPPED with code OVERLAP; {@link #ALLOW} runs it alongside.
 */
public enum OverlapPolicy {
    SKIP,
    ALLOW
}
