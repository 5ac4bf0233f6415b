package io.filejobs.core.run;

/** What started a run. */
public enum Trigger {
    MANUAL,
    SCHEDULE
}
