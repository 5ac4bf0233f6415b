package io.filejobs.core.trigger;

/** What started a run. */
public enum Trigger {
    MANUAL,
    SCHEDULE,
    OBJECT_CREATED
}
